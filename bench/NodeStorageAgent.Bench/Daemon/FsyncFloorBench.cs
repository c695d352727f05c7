using System.Diagnostics;
using Mono.Unix.Native;
using NodeStorageAgent.Bench.Agent;

namespace NodeStorageAgent.Bench.Daemon;

/// <summary>
/// The physical floor of one durable atomic replace on this disk, the step every config write, backup and state save
/// pays: write a 4 KiB temp file, fsync it, rename it over the target, fsync the directory. Run in the same
/// filesystem as the benchmarks' sandboxes (the system temp directory).
/// </summary>
internal static class FsyncFloorBench
{
    public static int Run(BenchArgs args)
    {
        var trials = args.Int("--trials", 200, 20);
        var dir = Directory.CreateTempSubdirectory("nsa-fsync-").FullName;
        try
        {
            var payload = new byte[4096];
            var fileFsync = new List<double>(trials);
            var dirFsync = new List<double>(trials);
            var whole = new List<double>(trials);
            var target = Path.Combine(dir, "target.conf");
            for (var i = 0; i < trials; i++)
            {
                var temp = Path.Combine(dir, $".target.conf.{i}");
                var total = Stopwatch.StartNew();
                using (var handle = File.OpenHandle(temp, FileMode.CreateNew, FileAccess.Write))
                {
                    RandomAccess.Write(handle, payload, 0);
                    var sync = Stopwatch.StartNew();
                    Fsync((int)handle.DangerousGetHandle());
                    fileFsync.Add(sync.Elapsed.TotalMilliseconds);
                }

                File.Move(temp, target, overwrite: true);
                var dirSync = Stopwatch.StartNew();
                var fd = Syscall.open(dir, OpenFlags.O_RDONLY | OpenFlags.O_DIRECTORY);
                try
                {
                    Fsync(fd);
                }
                finally
                {
                    _ = Syscall.close(fd);
                }

                dirFsync.Add(dirSync.Elapsed.TotalMilliseconds);
                whole.Add(total.Elapsed.TotalMilliseconds);
            }

            Console.WriteLine($"filesystem of {dir}; {trials} replaces of a 4 KiB file");
            Console.WriteLine($"fsync(file)        {Stats.Summary(fileFsync)}");
            Console.WriteLine($"fsync(directory)   {Stats.Summary(dirFsync)}");
            Console.WriteLine($"whole replace      {Stats.Summary(whole)}");
            return 0;
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static void Fsync(int fd)
    {
        if (fd < 0 || Syscall.fsync(fd) != 0)
        {
            throw new IOException($"fsync failed: {Stdlib.GetLastError()}");
        }
    }
}
