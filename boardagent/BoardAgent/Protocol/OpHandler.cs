namespace HilHarness.BoardAgent.Protocol;

/// <summary>Runs one op: reads <see cref="OpContext.Args"/> and writes the reply's fields (after <c>ok:true</c>)
/// to <see cref="OpContext.Writer"/>, or throws <see cref="ProtocolException"/>.</summary>
public delegate void OpHandler(OpContext context);
