using System.Globalization;
using Mono.Unix.Native;

namespace NodeStorageAgent.Logging;

/// <summary><c>JOURNAL_STREAM</c> (systemd.exec(5)): <c>device:inode</c> of the journal stream systemd connected
/// stdout/stderr to. Only trustworthy when it matches what fd 2 really is; a child whose stderr was redirected
/// inherits the variable but not the stream.</summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1711:Identifiers should not have incorrect suffix", Justification = "named after systemd's JOURNAL_STREAM variable (systemd.exec(5)), not a System.IO.Stream")]
public static class JournalStream
{
    public static bool MatchesStderr(string? journalStream)
    {
        if (!TryParse(journalStream, out var device, out var inode))
        {
            return false;
        }

        return Syscall.fstat(2, out var stat) == 0 && stat.st_dev == device && stat.st_ino == inode;
    }

    public static bool TryParse(string? journalStream, out ulong device, out ulong inode)
    {
        device = inode = 0;
        var colon = journalStream?.IndexOf(':') ?? -1;
        return colon > 0
            && ulong.TryParse(journalStream.AsSpan(0, colon), NumberStyles.None, CultureInfo.InvariantCulture, out device)
            && ulong.TryParse(journalStream.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out inode);
    }
}
