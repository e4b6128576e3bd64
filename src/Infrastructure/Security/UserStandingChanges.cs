using MakCrm.Infrastructure.Persistence;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace MakCrm.Infrastructure.Security;

/// <summary>
/// Listens on <see cref="Channel"/>, which the database's triggers notify when a change may take a user's access away
/// (migration <c>UserStandingNotifications</c>), and makes <see cref="UserStandings"/> forget what it remembered. While
/// the connection is down <see cref="UserStandings"/> remembers nothing, so every request reads the database.
/// </summary>
public sealed class UserStandingChanges(
    NpgsqlDataSource dataSource,
    UserStandings standings,
    TimeProvider clock,
    ILogger<UserStandingChanges> logger
) : DatabaseListener(dataSource, clock, logger)
{
    public const string Channel = "mak_user_standing";
    public const string ListenerName = "mak-user-standing-listener";

    protected override IReadOnlyList<string> Channels { get; } = [Channel];

    protected override string ApplicationName => ListenerName;

    // Only while listening is every change heard; what was read before may be stale.
    protected override void OnListening(bool listening) => standings.Trust(listening);

    protected override void OnNotification(string channel, string payload) => standings.Forget();
}
