namespace NodeStorageAgent.Probing.Observation;

/// <summary>Turns the output of <see cref="FindCommand"/> (run with <c>LC_ALL=C</c>) into observations.</summary>
public static class FindOutputParser
{
    /// <param name="Directory">Null when find printed neither a record nor an error for the store (it failed otherwise).</param>
    public sealed record Result(DirectoryObservation? Directory, EntryObservation? Pool);

    public static Result Parse(string stdout, string stderr, string hostPath)
    {
        var rootStart = FindCommand.RootStart(hostPath);
        var poolStart = FindCommand.PoolStart(hostPath);
        var errors = ParseErrors(stderr);

        EntryObservation? root = null;
        EntryObservation? pool = null;
        var count = 0;
        var entries = new Dictionary<string, EntryObservation>(StringComparer.Ordinal);
        var fields = stdout.Split('\0');
        for (var i = 0; i + FindCommand.FieldsPerRecord <= fields.Length; i += FindCommand.FieldsPerRecord)
        {
            var (depth, type, access, start, relative) = (fields[i], fields[i + 1], fields[i + 2], fields[i + 3], fields[i + 4]);
            var observed = new EntryObservation(type is [var t] && t != '?' ? t : null, access.Contains('r'), access.Contains('x'));
            if (start == poolStart && depth == "0")
            {
                pool = observed;
            }
            else if (depth == "0")
            {
                root = observed;
            }
            else
            {
                count++;
                if (StoreEntryNames.InDirectory.Contains(relative))
                {
                    entries[relative] = observed;
                }
            }
        }

        foreach (var name in StoreEntryNames.InDirectory)
        {
            if (errors.TryGetValue(rootStart + "/" + name, out var entryErrno))
            {
                entries[name] = EntryObservation.Failed(entryErrno);
            }
        }

        if (errors.TryGetValue(poolStart, out var poolErrno))
        {
            pool = EntryObservation.Failed(poolErrno);
        }

        errors.TryGetValue(rootStart, out var rootErrno);
        var directory = root switch
        {
            null when rootErrno is null => null,
            null => DirectoryObservation.StatFailed(rootErrno),
            { IsDirectory: false } => DirectoryObservation.NotADirectory,
            _ => new DirectoryObservation(null, true, root.Readable, root.Searchable, rootErrno, count, entries),
        };
        return new Result(directory, pool);
    }

    /// <summary>Errno names by path from lines like <c>/usr/bin/find: '/m/s/.': Transport endpoint is not connected</c>.</summary>
    public static Dictionary<string, string> ParseErrors(string stderr)
    {
        var errors = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in stderr.Split('\n'))
        {
            // "<argv0>: '<path>': <message>"; argv0 is however find was invoked ("/usr/bin/find").
            var open = line.IndexOf(": '", StringComparison.Ordinal);
            var split = line.LastIndexOf("': ", StringComparison.Ordinal);
            if (open < 0 || split <= open)
            {
                continue;
            }

            var path = Unquote(line[(open + 2)..(split + 1)]);
            var errno = ErrnoNames.FromMessage(line[(split + 3)..]);
            if (errno is not null)
            {
                errors.TryAdd(path, errno);
            }
        }

        return errors;
    }

    /// <summary>Undoes gnulib's C-locale quoting: <c>'a b'</c>, <c>'it\'s'</c> (backslash escapes inside single quotes).</summary>
    private static string Unquote(string quoted)
    {
        if (quoted.Length < 2 || quoted[0] != '\'' || quoted[^1] != '\'')
        {
            return quoted;
        }

        var text = new System.Text.StringBuilder(quoted.Length);
        for (var i = 1; i < quoted.Length - 1; i++)
        {
            if (quoted[i] == '\\' && i + 1 < quoted.Length - 1)
            {
                i++;
                text.Append(quoted[i] switch { 'n' => '\n', 't' => '\t', 'r' => '\r', _ => quoted[i] });
            }
            else
            {
                text.Append(quoted[i]);
            }
        }

        return text.ToString();
    }
}
