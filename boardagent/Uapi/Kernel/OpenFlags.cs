namespace HilHarness.Uapi;

/// <summary>open(2) flags the agent uses (asm-generic/fcntl.h values, the same on x86, arm and arm64).</summary>
[Flags]
public enum OpenFlags
{
    ReadOnly = 0,
    WriteOnly = 1,
    ReadWrite = 2,
    NonBlock = 0x800,
    CloseOnExec = 0x80000,
}

/// <summary>mmap(2) protection bits.</summary>
[Flags]
public enum MapProtection
{
    None = 0,
    Read = 1,
    Write = 2,
}
