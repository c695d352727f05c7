namespace NodeStorageAgent.Rendering;

/// <summary>
/// The order CRI-O applies drop-ins in: Go's <c>filepath.Walk</c>, i.e. names sorted byte-wise within each directory,
/// depth-first. Comparing paths component by component reproduces it: "a/x" comes before "a-b" (directory "a" sorts
/// before "a-b"), although a plain compare of whole paths puts "a-b" first ('-' &lt; '/').
/// </summary>
public static class CrioDropInOrder
{
    public static int Compare(string left, string right)
    {
        var a = left.Split('/');
        var b = right.Split('/');
        for (var i = 0; i < Math.Min(a.Length, b.Length); i++)
        {
            var c = string.CompareOrdinal(a[i], b[i]);
            if (c != 0)
            {
                return c;
            }
        }

        return a.Length.CompareTo(b.Length);
    }

    public static IComparer<string> Comparer { get; } = Comparer<string>.Create(Compare);
}
