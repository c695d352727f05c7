using System.Text;

namespace NodeStorageAgent.Probing.Mounts;

/// <summary>
/// The directories an overlay mount is made of, from its super options in mountinfo (<c>lowerdir=/a:/b</c>,
/// <c>upperdir=</c>, <c>workdir=</c>, and the <c>lowerdir+</c>/<c>datadir+</c> forms): a lookup in the overlay
/// becomes a lookup in each of them, so an overlay over a FUSE lower directory hangs when that FUSE daemon does
/// (linux <c>Documentation/filesystems/overlayfs.rst</c>). Separators escaped with a backslash are kept.
/// </summary>
public static class OverlayLayers
{
    public static IReadOnlyList<string> Parse(string superOptions)
    {
        var layers = new List<string>();
        foreach (var option in SplitUnescaped(superOptions, ','))
        {
            var eq = option.IndexOf('=');
            if (eq < 0)
            {
                continue;
            }

            var key = option[..eq];
            var value = option[(eq + 1)..];
            switch (key)
            {
                case "lowerdir":
                    layers.AddRange(SplitUnescaped(value, ':').Where(p => p.Length > 0).Select(Unescape));
                    break;
                case "upperdir" or "workdir" or "lowerdir+" or "datadir+":
                    layers.Add(Unescape(value));
                    break;
            }
        }

        return layers;
    }

    private static List<string> SplitUnescaped(string text, char separator)
    {
        var parts = new List<string>();
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\\')
            {
                i++;
            }
            else if (text[i] == separator)
            {
                parts.Add(text[start..i]);
                start = i + 1;
            }
        }

        parts.Add(text[start..]);
        return parts;
    }

    private static string Unescape(string text)
    {
        if (!text.Contains('\\'))
        {
            return text;
        }

        var result = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\\' && i + 1 < text.Length)
            {
                i++;
            }

            result.Append(text[i]);
        }

        return result.ToString();
    }
}
