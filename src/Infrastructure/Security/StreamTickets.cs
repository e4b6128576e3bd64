using System.Security.Cryptography;
using MakCrm.Application.Common;
using MakCrm.Infrastructure.Identity;
using MakCrm.Infrastructure.Persistence;
using MakCrm.Infrastructure.Streaming;
using Microsoft.Extensions.Options;

namespace MakCrm.Infrastructure.Security;

/// <summary>A stream ticket as its caller receives it, once.</summary>
public sealed record IssuedStreamTicket(string Ticket, DateTimeOffset ExpiresAt);

/// <summary>
/// Single-use stream tickets, for browsers whose <c>EventSource</c> cannot send a bearer header: a random ticket,
/// stored hashed (<see cref="SecretHash"/>) with the identity of the access token that asked for it, spent by the first
/// request that shows it within its lifetime.
/// </summary>
[Scoped]
public sealed class StreamTickets(MakCrmDbContext db, IOptions<StreamOptions> options, TimeProvider clock)
{
    public const string Prefix = "mst_";

    public async Task<IssuedStreamTicket> IssueAsync(
        string subject,
        string clientId,
        Guid organizationId,
        Guid? signInId,
        string? scope,
        CancellationToken cancellationToken
    )
    {
        var now = clock.GetUtcNow();
        var ticket = Prefix + Base64Url(RandomNumberGenerator.GetBytes(32));
        var expiresAt = now + options.Value.TicketLifetime;

        // Tickets that lapsed unused go as new ones come.
        await db.Set<StreamTicket>().Where(t => t.ExpiresAt <= now).ExecuteDeleteAsync(cancellationToken);
        db.Set<StreamTicket>()
            .Add(
                new StreamTicket
                {
                    Id = clock.NewId(),
                    TicketHash = SecretHash.Of(ticket),
                    Subject = subject,
                    ClientId = clientId,
                    OrganizationId = organizationId,
                    SignInId = signInId,
                    Scope = scope,
                    CreatedAt = now,
                    ExpiresAt = expiresAt,
                }
            );
        await db.SaveChangesAsync(cancellationToken);
        return new IssuedStreamTicket(ticket, expiresAt);
    }

    /// <summary>The claims the ticket stands for, spending it; null when it is unknown, spent or expired.</summary>
    public async Task<AccessTokenClaims?> SpendAsync(string ticket, CancellationToken cancellationToken)
    {
        if (!ticket.StartsWith(Prefix, StringComparison.Ordinal) || ticket.Length > 100)
        {
            return null;
        }

        var hash = SecretHash.Of(ticket);
        var now = clock.GetUtcNow();
        var spent = await db.Set<StreamTicket>()
            .FromSql($"DELETE FROM stream_tickets WHERE ticket_hash = {hash} RETURNING *")
            .AsNoTracking()
            .ToListAsync(cancellationToken);
        return spent is [{ } found] && found.ExpiresAt > now
            ? new AccessTokenClaims(
                found.Subject,
                found.ClientId,
                found.OrganizationId.ToString(),
                found.SignInId?.ToString(),
                [],
                [],
                null,
                false,
                found.Scope,
                found.ExpiresAt,
                null
            )
            : null;
    }

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
