namespace HilHarness.Deploy;

/// <summary>Where the agent is on the board, and what deploying it cost.</summary>
/// <param name="Directory">The agent's directory, relative to the board's home (or absolute for local boards).</param>
/// <param name="Uploaded">False when the board already had this exact package.</param>
/// <param name="RemoteCommands">How many remote commands the deploy ran (1 for an unchanged agent).</param>
public sealed record DeployedAgent(string Directory, string Hash, bool Uploaded, int RemoteCommands)
{
    public string EntryAssembly => Directory.TrimEnd('/') + "/" + AgentPackage.EntryAssembly;
}
