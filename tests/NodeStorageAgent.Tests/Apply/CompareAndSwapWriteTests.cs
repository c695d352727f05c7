using System.Text;
using NodeStorageAgent.Apply;
using NodeStorageAgent.AtomicFiles;

namespace NodeStorageAgent.Tests.Apply;

/// <summary>
/// The lost update of issue 11 item 1 at the writer level: a write rendered from one version of a file must never
/// replace another. Deterministic interleavings go through the writer's before-commit seam (the other writer acts
/// after our temp file is complete, just before the final check and the swap); the racing loop runs a real second
/// writer thread.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class CompareAndSwapWriteTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void UnchangedSinceTheRead_IsWritten()
    {
        var target = _dir.WriteFile("storage.conf", "v1\n");
        Assert.Null(ExpectedFile.Read(target, out var expected));

        var result = new AtomicFileWriter().Write(target, "v2\n"u8, new AtomicWriteOptions { Expected = expected });

        Assert.Equal(FileWriteStatus.Written, result.Status);
        Assert.Equal("v2\n", File.ReadAllText(target));
        Assert.Equal(["storage.conf"], _dir.Entries());
    }

    [Fact]
    public void EditedBeforeTheWriteStarts_IsAConflictAndKeepsTheEdit()
    {
        var target = _dir.WriteFile("storage.conf", "v1\n");
        Assert.Null(ExpectedFile.Read(target, out var expected));
        File.AppendAllText(target, "admin\n");

        var result = new AtomicFileWriter().Write(target, "v2\n"u8, new AtomicWriteOptions { Expected = expected });

        Assert.Equal(FileWriteStatus.Conflict, result.Status);
        Assert.True(result.Failed);
        Assert.Equal(ApplyDiagnostics.WriteConflict, result.Diagnostic!.Code);
        Assert.Equal("v1\nadmin\n", File.ReadAllText(target));
        Assert.Equal(["storage.conf"], _dir.Entries());
    }

    public static TheoryData<string> Edits => ["append in place", "rewrite in place, same size", "replace by rename", "delete", "chmod"];

    [Theory]
    [MemberData(nameof(Edits))]
    public void EditedJustBeforeTheRename_IsDetectedEveryTime(string edit)
    {
        for (var round = 0; round < 50; round++)
        {
            var target = _dir.WriteFile("storage.conf", $"round {round:D3}\n");
            Assert.Null(ExpectedFile.Read(target, out var expected));
            var writer = new AtomicFileWriter(path => Edit(path, edit, round));

            var result = writer.Write(target, "agent\n"u8, new AtomicWriteOptions { Expected = expected });

            Assert.True(result.Status == FileWriteStatus.Conflict, $"round {round}, {edit}: {result.Status}");
            var expectedEntries = edit == "delete" ? new List<string>() : ["storage.conf"];
            Assert.Equal(expectedEntries, _dir.Entries());
            if (edit != "delete")
            {
                Assert.NotEqual("agent\n", File.ReadAllText(target));
            }
        }
    }

    [Fact]
    public void ExpectedAbsentButCreatedJustBeforeTheRename_IsAConflictAndKeepsTheNewFile()
    {
        var target = _dir.Combine("99-node-storage-agent.conf");
        var writer = new AtomicFileWriter(path => File.WriteAllText(path, "admin\n"));

        var result = writer.Write(target, "agent\n"u8, new AtomicWriteOptions { Expected = ExpectedFile.Absent });

        Assert.Equal(FileWriteStatus.Conflict, result.Status);
        Assert.Equal("admin\n", File.ReadAllText(target));
        Assert.Equal(["99-node-storage-agent.conf"], _dir.Entries());
    }

    [Fact]
    public void ExpectedAbsentAndStillAbsent_IsWritten()
    {
        var target = _dir.Combine("new.conf");

        var result = new AtomicFileWriter().Write(target, "agent\n"u8, new AtomicWriteOptions { Expected = ExpectedFile.Absent });

        Assert.Equal(FileWriteStatus.Written, result.Status);
        Assert.Equal("agent\n", File.ReadAllText(target));
    }

    [Fact]
    public async Task EditorRenameThatNoCheckCanSee_IsSwappedBackAndAReaderMeanwhileGetsTheEdit()
    {
        // The editor's rename lands after our last check, just before our exchange; a reader opens the target while
        // our file stands there. The reader must wait for the decision and then read the editor's bytes, not ours.
        var target = _dir.WriteFile("storage.conf", "v1\n");
        Assert.Null(ExpectedFile.Read(target, out var expected));
        Task<string>? reader = null;
        var writer = new AtomicFileWriter(
            beforeExchange: path =>
            {
                File.WriteAllText(path + ".editor", "v1\nadmin\n");
                File.Move(path + ".editor", path, overwrite: true);
            },
            afterExchange: path => reader = OpenWhileLeased(path));

        var result = writer.Write(target, "agent\n"u8, new AtomicWriteOptions { Expected = expected });

        Assert.Equal(FileWriteStatus.Conflict, result.Status);
        Assert.Equal("v1\nadmin\n", File.ReadAllText(target));
        Assert.Equal("v1\nadmin\n", await reader!.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken));
        Assert.Equal(["storage.conf"], _dir.Entries());
    }

    [Fact]
    public async Task ReaderWhileTheSwapIsDecided_ReadsOurFileOnceItIsCommitted()
    {
        var target = _dir.WriteFile("storage.conf", "v1\n");
        Assert.Null(ExpectedFile.Read(target, out var expected));
        Task<string>? reader = null;
        var writer = new AtomicFileWriter(beforeExchange: _ => { }, afterExchange: path => reader = OpenWhileLeased(path));

        var result = writer.Write(target, "agent\n"u8, new AtomicWriteOptions { Expected = expected });

        Assert.Equal(FileWriteStatus.Written, result.Status);
        Assert.Equal("agent\n", await reader!.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken));
    }

    [Fact]
    public void EditorThatReplacedOurFileWhileItStoodThere_Wins()
    {
        // Between our exchange and our look at what it displaced, the editor renames a newer file over ours: theirs
        // stays, and neither our file nor the displaced one is left behind.
        var target = _dir.WriteFile("storage.conf", "v1\n");
        Assert.Null(ExpectedFile.Read(target, out var expected));
        var writer = new AtomicFileWriter(
            beforeExchange: path => Replace(path, "v1\nadmin 1\n"),
            afterExchange: path => Replace(path, "v1\nadmin 1\nadmin 2\n"));

        var result = writer.Write(target, "agent\n"u8, new AtomicWriteOptions { Expected = expected });

        Assert.Equal(FileWriteStatus.Conflict, result.Status);
        Assert.Equal("v1\nadmin 1\nadmin 2\n", File.ReadAllText(target));
        Assert.Equal(["storage.conf"], _dir.Entries());
    }

    [Fact]
    public async Task ReaderWaitingWhileANewerEditReplacedOurs_ReadsTheNewerEdit()
    {
        // A reader opens our file while it stands at the target, then an editor renames a newer file over it. The
        // reader must build on that newer file, not on the older edit we displaced (or it would undo the newer one).
        var target = _dir.WriteFile("storage.conf", "v1\n");
        Assert.Null(ExpectedFile.Read(target, out var expected));
        Task<string>? reader = null;
        var writer = new AtomicFileWriter(
            beforeExchange: path => Replace(path, "v1\nadmin 1\n"),
            afterExchange: path =>
            {
                reader = OpenWhileLeased(path);
                Replace(path, "v1\nadmin 1\nadmin 2\n");
            });

        var result = writer.Write(target, "agent\n"u8, new AtomicWriteOptions { Expected = expected });

        Assert.Equal(FileWriteStatus.Conflict, result.Status);
        Assert.Equal("v1\nadmin 1\nadmin 2\n", File.ReadAllText(target));
        Assert.Equal("v1\nadmin 1\nadmin 2\n", await reader!.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken));
        Assert.Equal(["storage.conf"], _dir.Entries());
    }

    [Fact]
    public void RacingEditor_LosesNoEditOutOf200()
    {
        // An editor thread makes 200 edits the way editors and sed -i do (read, add a line, write a temp, rename over);
        // meanwhile we re-read and write our own line with compare-and-swap, re-rendering from the new bytes on a
        // conflict, as the pipeline does. Every editor line must be in the final file.
        const int edits = 200;
        var target = _dir.WriteFile("storage.conf", "# start\n");
        var writer = new AtomicFileWriter();
        var editorDone = false;
        var editor = new Thread(() =>
        {
            for (var i = 0; i < edits; i++)
            {
                var temp = target + ".editor";
                File.WriteAllText(temp, File.ReadAllText(target) + $"admin {i}\n");
                File.Move(temp, target, overwrite: true);
                Thread.Yield();
            }

            Volatile.Write(ref editorDone, true);
        });

        var conflicts = 0;
        var written = 0;
        var guard = System.Diagnostics.Stopwatch.StartNew();
        editor.Start();
        while (!Volatile.Read(ref editorDone) && guard.Elapsed < TimeSpan.FromSeconds(60))
        {
            Assert.Null(ExpectedFile.Read(target, out var expected));
            var rendered = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(expected.Content!) + $"agent {written}\n");
            var result = writer.Write(target, rendered, new AtomicWriteOptions { Expected = expected });
            Assert.True(result.Status is FileWriteStatus.Written or FileWriteStatus.Conflict, result.Diagnostic?.ToString());
            if (result.Conflicted)
            {
                conflicts++;
            }
            else
            {
                written++;
            }
        }

        Assert.True(editor.Join(TimeSpan.FromSeconds(60)), "the editor thread did not finish");
        var lines = File.ReadAllLines(target).ToHashSet(StringComparer.Ordinal);
        var lost = Enumerable.Range(0, edits).Where(i => !lines.Contains($"admin {i}")).ToList();
        // Without the compare-and-swap 106-126 of 200 are lost; without the write lease, 1-2 in about 1 run of 12.
        Assert.True(lost.Count == 0, $"{lost.Count} of {edits} editor lines lost ({written} writes, {conflicts} conflicts): {string.Join(", ", lost.Take(10))}");
        Assert.Equal(["storage.conf"], _dir.Entries());
    }

    private static void Replace(string path, string content)
    {
        File.WriteAllText(path + ".editor", content);
        File.Move(path + ".editor", path, overwrite: true);
    }

    /// <summary>Starts a reader of <paramref name="path"/> and returns once its open waits on our write lease (the
    /// kernel lists the lease as BREAKING in /proc/locks), so the read is known to have begun while our file stood
    /// at the target.</summary>
    private static Task<string> OpenWhileLeased(string path)
    {
        var inode = new Mono.Unix.UnixFileInfo(path).Inode;
        var reader = Task.Factory.StartNew(() => File.ReadAllText(path), TaskCreationOptions.LongRunning);
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (!File.ReadLines("/proc/locks").Any(l => l.Contains("LEASE", StringComparison.Ordinal)
                   && l.Contains("BREAKING", StringComparison.Ordinal) && l.Contains($":{inode} ", StringComparison.Ordinal)))
        {
            Assert.False(reader.IsCompleted, "the reader opened our file without waiting on the lease");
            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(30), "the reader never reached the lease");
            Thread.Sleep(1);
        }

        return reader;
    }

    private static void Edit(string path, string edit, int round)
    {
        switch (edit)
        {
            case "append in place":
                File.AppendAllText(path, "admin\n");
                break;
            case "rewrite in place, same size":
                using (var stream = new FileStream(path, FileMode.Open, FileAccess.Write))
                {
                    stream.Write(Encoding.UTF8.GetBytes($"ROUND {round:D3}\n"));
                }

                break;
            case "replace by rename":
                File.WriteAllText(path + ".editor", $"round {round:D3}\n");
                File.Move(path + ".editor", path, overwrite: true);
                break;
            case "delete":
                File.Delete(path);
                break;
            case "chmod":
                File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
                break;
        }
    }
}
