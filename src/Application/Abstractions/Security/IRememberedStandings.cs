namespace MakCrm.Application.Abstractions.Security;

/// <summary>The users' standings this instance remembers between requests (so that not every request reads
/// them).</summary>
public interface IRememberedStandings
{
    /// <summary>Forgets every remembered standing: a change that may take access away was committed.</summary>
    void Forget();
}
