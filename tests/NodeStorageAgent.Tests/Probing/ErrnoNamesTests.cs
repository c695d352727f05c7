using NodeStorageAgent.Probing.Classification;
using NodeStorageAgent.Probing.Observation;

namespace NodeStorageAgent.Tests.Probing;

public sealed class ErrnoNamesTests
{
    [Theory]
    [InlineData("Transport endpoint is not connected", "ENOTCONN")]
    [InlineData("Stale file handle", "ESTALE")]
    [InlineData("Input/output error", "EIO")]
    [InlineData("No such file or directory", "ENOENT")]
    [InlineData("Not a directory", "ENOTDIR")]
    [InlineData("Permission denied", "EACCES")]
    [InlineData("Too many levels of symbolic links", "ELOOP")]
    public void FromMessage_CLocaleStrerror_MapsToErrnoName(string message, string errno) =>
        Assert.Equal(errno, ErrnoNames.FromMessage(message));

    [Fact]
    public void FromMessage_UnknownText_IsNull() => Assert.Null(ErrnoNames.FromMessage("Something else"));

    [Theory]
    [InlineData("ENOENT", ProbeReasonName.Missing)]
    [InlineData("ENOTDIR", ProbeReasonName.NotADirectory)]
    [InlineData("EACCES", ProbeReasonName.PermissionDenied)]
    [InlineData("EPERM", ProbeReasonName.PermissionDenied)]
    [InlineData("ENOTCONN", ProbeReasonName.DeadMount)]
    [InlineData("ESTALE", ProbeReasonName.DeadMount)]
    [InlineData("EIO", ProbeReasonName.DeadMount)]
    [InlineData("ELOOP", ProbeReasonName.SymlinkLoop)]
    [InlineData("ENOSPC", ProbeReasonName.IoError)]
    public void ReasonFor_Errno_MapsToReason(string errno, ProbeReasonName expected) =>
        Assert.Equal(expected.ToString(), ErrnoClassifier.ReasonFor(errno).ToString());

    /// <summary>Mirror of the public reasons, so the theory data stays serializable for the runner.</summary>
    public enum ProbeReasonName { Missing, NotADirectory, PermissionDenied, DeadMount, SymlinkLoop, IoError }
}
