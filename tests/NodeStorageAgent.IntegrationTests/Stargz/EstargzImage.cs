namespace NodeStorageAgent.IntegrationTests.Stargz;

/// <summary>An eStargz test image built by our estargz-image tool and pushed to a <see cref="LoopbackRegistry"/>.</summary>
/// <param name="Name">Repository name in the registry (e.g. <c>large</c>).</param>
/// <param name="LayerDigest">The one layer's compressed digest: stargz-store 0.12 serves it at
/// <c>&lt;store&gt;/base64(ref)/&lt;digest&gt;/</c> and c/storage 1.43 looks it up by that digest.</param>
/// <param name="LayerSize">Compressed layer size: what a full pull downloads.</param>
internal sealed record EstargzImage(string Name, string LayerDigest, long LayerSize)
{
    /// <summary>The reference podman pulls: through the counting proxy.</summary>
    public string Reference(LoopbackRegistry registry) => $"{registry.PullHost}/{Name}:1";

    /// <summary>A small image whose container prints <paramref name="text"/> (<c>/hello.txt</c>).</summary>
    public static EstargzImage Small(LoopbackRegistry registry, string name, string text)
    {
        var rootfs = Directory.CreateDirectory(Path.Combine(registry.Dir, "rootfs-" + name)).FullName;
        File.WriteAllText(Path.Combine(rootfs, "hello.txt"), text);
        return Build(registry, name, ["-rootfs", rootfs], ["/bin/nsa-tool", "cat", "/hello.txt"]);
    }

    /// <summary>A "model" image: <c>/model.bin</c> of <paramref name="megabytes"/> MiB of fresh random bytes; its
    /// container prints "started", then reads the file through.</summary>
    public static EstargzImage Large(LoopbackRegistry registry, string name, int megabytes) =>
        Build(registry, name, ["-random", $"/model.bin={megabytes}"], ["/bin/nsa-tool", "read", "/model.bin"]);

    private static EstargzImage Build(LoopbackRegistry registry, string name, string[] content, string[] entrypoint)
    {
        var layout = Path.Combine(registry.Dir, "layout-" + name);
        var built = BoundedRun.Start(StargzTools.EstargzImage,
            ["build", "-layout", layout, "-tag", "1", "-self", "/bin/nsa-tool", .. content, "--", .. entrypoint], TimeSpan.FromMinutes(2))
            .AssertSuccess($"estargz-image build {name}");
        var pushed = BoundedRun.Start("skopeo",
            ["copy", "--quiet", "--dest-tls-verify=false", $"oci:{layout}:1", $"docker://{registry.PushHost}/{name}:1"], TimeSpan.FromMinutes(2));
        pushed.AssertSuccess($"skopeo copy {name}");
        Directory.Delete(layout, recursive: true);

        // "layer sha256:... size N toc sha256:..."
        var words = built.Stdout.Trim().Split(' ');
        return new EstargzImage(name, words[1], long.Parse(words[3], System.Globalization.CultureInfo.InvariantCulture));
    }
}
