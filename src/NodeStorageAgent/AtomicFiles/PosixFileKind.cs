namespace NodeStorageAgent.AtomicFiles;

public enum PosixFileKind
{
    Regular,
    Directory,
    Symlink,
    Other,
}
