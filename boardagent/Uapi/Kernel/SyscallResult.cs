namespace HilHarness.Uapi;

/// <summary>
/// What a system call returned: <see cref="Value"/> is the return value (a file descriptor, 0, a count) when
/// <see cref="Errno"/> is None; otherwise the call returned -1 and Errno says why.
/// </summary>
public readonly record struct SyscallResult(long Value, Errno Errno)
{
    public bool Ok => Errno == Errno.None;

    /// <summary>The C return code: Value on success, -1 on failure.</summary>
    public long ReturnCode => Ok ? Value : -1;

    public static SyscallResult Success(long value = 0) => new(value, Errno.None);

    public static SyscallResult Fail(Errno errno) => new(-1, errno);

    public override string ToString() => Ok ? $"rc={Value}" : $"rc=-1 errno={(int)Errno} ({Errno})";
}

/// <summary>The text of a file read through <see cref="IKernel.ReadText"/>, or why it could not be read.</summary>
public readonly record struct TextReadResult(string? Text, Errno Errno)
{
    public bool Ok => Text is not null;
}
