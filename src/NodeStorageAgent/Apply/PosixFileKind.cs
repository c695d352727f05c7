namespace NodeStorageAgent.Apply;

public enum PosixFileKind
{
    Regular,
    Directory,
    Symlink,
    Other,
}
