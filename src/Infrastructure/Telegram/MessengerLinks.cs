using System.Buffers.Text;
using System.Security.Cryptography;
using MakCrm.Application.Abstractions.Security;
using MakCrm.Application.Common;
using MakCrm.Domain.Common;
using MakCrm.Infrastructure.Auditing;
using MakCrm.Infrastructure.Identity;
using MakCrm.Infrastructure.Persistence;
using Microsoft.Extensions.Options;

namespace MakCrm.Infrastructure.Telegram;

/// <summary>
/// <see cref="IMessengerLinks"/> on PostgreSQL. A user link is also a sign-in of its user: a refresh-token family whose
/// id
/// is the link's, with no usable refresh token (the row is spent as it is made). The tokens the bot gets for the user
/// name it as their <c>sid</c>, so removing the link revokes that family and every instance refuses them at once, as
/// for a revoked sign-in (<see cref="Security.UserStandings"/>). Telegram and WhatsApp links are rows of one table,
/// told apart by their channel; audit lines are named after it (<c>telegram.link_created</c>,
/// <c>whatsapp.link_created</c>).
/// </summary>
internal sealed class MessengerLinks(
    MakCrmDbContext db,
    AuditTrail audit,
    ListenedCacheWrites cacheWrites,
    TelegramGroupOrganizations groups,
    IOptions<TelegramOptions> options,
    IOptions<WhatsAppOptions> whatsApp,
    TimeProvider clock
) : IMessengerLinks
{
    private const string UserCodePrefix = "lk_";
    private const string GroupCodePrefix = "gr_";

    /// <summary>
    /// The <c>amr</c> of a token the bot gets for a linked user (the user proved nothing in this request), naming the
    /// messenger it came through: <c>tg</c>, <c>wa</c>.
    /// </summary>
    public static string DelegatedAmr(MessengerChannel channel) => channel == MessengerChannel.Whatsapp ? "wa" : "tg";

    public async Task<Contracts.TelegramLinkCode> CreateUserCodeAsync(Guid userId, CancellationToken cancellationToken)
    {
        // The newest code counts: earlier unused ones are spent, so a code shown on another screen stops working.
        var now = clock.UtcNowMicroseconds();
        await db.Set<TelegramLinkCode>()
            .Where(c => c.UserId == userId && c.Kind == TelegramLinkCode.UserKind && c.UsedAt == null)
            .ExecuteDeleteAsync(cancellationToken);
        var code = NewCode(UserCodePrefix);
        var expiresAt = Add(code, TelegramLinkCode.UserKind, userId, null, now);
        // WhatsApp opens the chat with "/start <code>" typed in; the user sends it, as a Telegram deep link sends it.
        var whatsAppLink = whatsApp.Value.PhoneNumber is { Length: > 0 } number
            ? $"https://wa.me/{number}?text={Uri.EscapeDataString("/start " + code)}"
            : null;
        return new Contracts.TelegramLinkCode(
            code,
            $"https://t.me/{options.Value.BotUsername}?start={code}",
            whatsAppLink,
            expiresAt
        );
    }

    public async Task<MessengerLinkDto?> RedeemUserCodeAsync(
        string code,
        MessengerAccount account,
        string clientId,
        CancellationToken cancellationToken
    )
    {
        var spent = await SpendAsync(code, TelegramLinkCode.UserKind, clientId, cancellationToken);
        if (spent is null)
        {
            return null;
        }

        if (!spent.Value.New)
        {
            var made = await db.Set<MessengerLink>()
                .AsNoTracking()
                .FirstOrDefaultAsync(l => l.Id == spent.Value.LinkId, cancellationToken);
            return made is not null && made.Channel == account.Channel && made.AccountId == account.AccountId
                ? ToDto(made)
                : null;
        }

        // One account, one user: a link it had before (to this user or another) ends.
        var now = clock.UtcNowMicroseconds();
        if (await Of(account.Channel, account.AccountId).FirstOrDefaultAsync(cancellationToken) is { } earlier)
        {
            await EndAsync(earlier, "relinked", cancellationToken);
        }

        var link = new MessengerLink
        {
            Id = spent.Value.LinkId,
            UserId = spent.Value.Code.UserId,
            Channel = account.Channel,
            AccountId = account.AccountId,
            ChatId = account.ChatId,
            DisplayName = account.DisplayName,
            ClientId = clientId,
            CreatedAt = now,
        };
        db.Set<MessengerLink>().Add(link);
        db.Set<RefreshToken>()
            .Add(
                new RefreshToken
                {
                    Id = Guid.CreateVersion7(now),
                    FamilyId = link.Id,
                    UserId = link.UserId,
                    ClientId = clientId,
                    TokenHash = SecretHash.Of(NewCode("")),
                    Amr = DelegatedAmr(link.Channel),
                    AuthenticatedAt = now,
                    CreatedAt = now,
                    ExpiresAt = now,
                    SpentAt = now,
                }
            );
        audit.Add(
            audit.Security(
                AuditName(link.Channel, "link_created"),
                link.UserId,
                new
                {
                    link_id = link.Id,
                    account_id = link.AccountId,
                    client_id = clientId,
                }
            )
        );
        return ToDto(link);
    }

    public async Task<IReadOnlyList<MessengerLinkDto>> ListAsync(
        Guid userId,
        MessengerChannel channel,
        CancellationToken cancellationToken
    ) =>
        (
            await db.Set<MessengerLink>()
                .AsNoTracking()
                .Where(l => l.UserId == userId && l.Channel == channel)
                .OrderBy(l => l.CreatedAt)
                .ToListAsync(cancellationToken)
        )
            .Select(ToDto)
            .ToList();

    public async Task<MessengerLinkDto?> FindAsync(
        MessengerChannel channel,
        string accountId,
        CancellationToken cancellationToken
    ) => await Of(channel, accountId).FirstOrDefaultAsync(cancellationToken) is { } link ? ToDto(link) : null;

    public async Task<bool> RemoveAsync(
        Guid userId,
        MessengerChannel channel,
        Guid linkId,
        string reason,
        CancellationToken cancellationToken
    ) =>
        await db.Set<MessengerLink>()
            .AsNoTracking()
            .FirstOrDefaultAsync(l => l.Id == linkId && l.UserId == userId && l.Channel == channel, cancellationToken)
            is { } link
        && await EndAsync(link, reason, cancellationToken);

    public async Task<bool> RemoveByAccountAsync(
        MessengerChannel channel,
        string accountId,
        string reason,
        CancellationToken cancellationToken
    ) =>
        await Of(channel, accountId).FirstOrDefaultAsync(cancellationToken) is { } link
        && await EndAsync(link, reason, cancellationToken);

    public Task<Contracts.TelegramLinkCode> CreateGroupCodeAsync(
        Guid organizationId,
        Guid userId,
        CancellationToken cancellationToken
    )
    {
        var code = NewCode(GroupCodePrefix);
        var expiresAt = Add(code, TelegramLinkCode.GroupKind, userId, organizationId, clock.UtcNowMicroseconds());
        return Task.FromResult(
            new Contracts.TelegramLinkCode(
                code,
                $"https://t.me/{options.Value.BotUsername}?startgroup={code}",
                null,
                expiresAt
            )
        );
    }

    public async Task<Contracts.TelegramGroupLink?> RedeemGroupCodeAsync(
        string code,
        long chatId,
        string title,
        string clientId,
        CancellationToken cancellationToken
    )
    {
        var spent = await SpendAsync(code, TelegramLinkCode.GroupKind, clientId, cancellationToken);
        if (spent is null)
        {
            return null;
        }

        if (!spent.Value.New)
        {
            var made = await db.Set<TelegramGroupLink>()
                .AsNoTracking()
                .FirstOrDefaultAsync(l => l.Id == spent.Value.LinkId, cancellationToken);
            return made is not null && made.ChatId == chatId ? ToDto(made) : null;
        }

        // One group, one organization: a link it had before ends.
        cacheWrites.Changing(groups);
        await db.Set<TelegramGroupLink>().Where(l => l.ChatId == chatId).ExecuteDeleteAsync(cancellationToken);
        var link = new TelegramGroupLink
        {
            Id = spent.Value.LinkId,
            OrganizationId = spent.Value.Code.OrganizationId!.Value,
            ChatId = chatId,
            Title = title,
            ClientId = clientId,
            LinkedByUserId = spent.Value.Code.UserId,
            CreatedAt = clock.UtcNowMicroseconds(),
        };
        db.Set<TelegramGroupLink>().Add(link);
        audit.Add(
            audit.Security(
                "telegram.group_link_created",
                spent.Value.Code.UserId,
                new
                {
                    link_id = link.Id,
                    organization_id = link.OrganizationId,
                    chat_id = chatId,
                    client_id = clientId,
                }
            )
        );
        return ToDto(link);
    }

    public async Task<IReadOnlyList<Contracts.TelegramGroupLink>> ListGroupsAsync(
        Guid organizationId,
        CancellationToken cancellationToken
    ) =>
        (
            await db.Set<TelegramGroupLink>()
                .AsNoTracking()
                .Where(l => l.OrganizationId == organizationId)
                .OrderBy(l => l.CreatedAt)
                .ToListAsync(cancellationToken)
        )
            .Select(ToDto)
            .ToList();

    public async Task<bool> RemoveGroupAsync(Guid organizationId, Guid linkId, CancellationToken cancellationToken)
    {
        cacheWrites.Changing(groups);
        if (
            await db.Set<TelegramGroupLink>()
                .Where(l => l.Id == linkId && l.OrganizationId == organizationId)
                .ExecuteDeleteAsync(cancellationToken) == 0
        )
        {
            return false;
        }

        audit.Add(
            audit.Security(
                "telegram.group_link_removed",
                null,
                new { link_id = linkId, organization_id = organizationId }
            )
        );
        return true;
    }

    public async Task<bool> RemoveGroupByChatAsync(long chatId, CancellationToken cancellationToken)
    {
        cacheWrites.Changing(groups);
        var link = await db.Set<TelegramGroupLink>()
            .AsNoTracking()
            .FirstOrDefaultAsync(l => l.ChatId == chatId, cancellationToken);
        if (
            link is null
            || await db.Set<TelegramGroupLink>().Where(l => l.Id == link.Id).ExecuteDeleteAsync(cancellationToken) == 0
        )
        {
            return false;
        }

        audit.Add(
            audit.Security(
                "telegram.group_link_removed",
                null,
                new
                {
                    link_id = link.Id,
                    organization_id = link.OrganizationId,
                    chat_id = chatId,
                    reason = "the bot left the group",
                }
            )
        );
        return true;
    }

    /// <summary>
    /// Spends a code of the kind, unexpired and unused, with one conditional UPDATE (of two requests, one wins). A code
    /// this client spent already answers the link it made (<c>New</c> false), so a retry finds it; anything else is
    /// null.
    /// </summary>
    private async Task<(TelegramLinkCode Code, Guid LinkId, bool New)?> SpendAsync(
        string code,
        string kind,
        string clientId,
        CancellationToken cancellationToken
    )
    {
        var hash = SecretHash.Of(code);
        var now = clock.UtcNowMicroseconds();
        var stored = await db.Set<TelegramLinkCode>()
            .AsNoTracking()
            .FirstOrDefaultAsync(c => c.CodeHash == hash && c.Kind == kind, cancellationToken);
        if (stored is null)
        {
            return null;
        }

        var linkId = Guid.CreateVersion7(now);
        if (
            stored.UsedAt is null
            && stored.ExpiresAt > now
            && await db.Set<TelegramLinkCode>()
                .Where(c => c.Id == stored.Id && c.UsedAt == null)
                .ExecuteUpdateAsync(
                    c =>
                        c.SetProperty(x => x.UsedAt, now)
                            .SetProperty(x => x.UsedByClientId, clientId)
                            .SetProperty(x => x.LinkId, linkId),
                    cancellationToken
                ) == 1
        )
        {
            return (stored, linkId, true);
        }

        // Spent already (maybe just now, by a request running alongside): only its own client's retry gets the link.
        var spent = await db.Set<TelegramLinkCode>()
            .AsNoTracking()
            .FirstAsync(c => c.Id == stored.Id, cancellationToken);
        return spent is { UsedAt: not null, LinkId: { } made } && spent.UsedByClientId == clientId
            ? (spent, made, false)
            : null;
    }

    private DateTimeOffset Add(string code, string kind, Guid userId, Guid? organizationId, DateTimeOffset now)
    {
        var expiresAt = now + options.Value.LinkCodeLifetime;
        db.Set<TelegramLinkCode>()
            .Add(
                new TelegramLinkCode
                {
                    Id = Guid.CreateVersion7(now),
                    CodeHash = SecretHash.Of(code),
                    Kind = kind,
                    UserId = userId,
                    OrganizationId = organizationId,
                    CreatedAt = now,
                    ExpiresAt = expiresAt,
                }
            );
        return expiresAt;
    }

    /// <summary>Removes the link and revokes its sign-in, so that the tokens the bot holds for the user stop at
    /// once.</summary>
    private async Task<bool> EndAsync(MessengerLink link, string reason, CancellationToken cancellationToken)
    {
        if (await db.Set<MessengerLink>().Where(l => l.Id == link.Id).ExecuteDeleteAsync(cancellationToken) == 0)
        {
            return false;
        }

        var now = clock.UtcNowMicroseconds();
        await db.Set<RefreshToken>()
            .Where(t => t.FamilyId == link.Id && t.RevokedAt == null)
            .ExecuteUpdateAsync(t => t.SetProperty(x => x.RevokedAt, now), cancellationToken);
        audit.Add(
            audit.Security(
                AuditName(link.Channel, "link_removed"),
                link.UserId,
                new
                {
                    link_id = link.Id,
                    account_id = link.AccountId,
                    reason,
                }
            )
        );
        return true;
    }

    private IQueryable<MessengerLink> Of(MessengerChannel channel, string accountId) =>
        db.Set<MessengerLink>().AsNoTracking().Where(l => l.Channel == channel && l.AccountId == accountId);

    /// <summary>A security audit line's name for a link of the channel: <c>telegram.link_created</c>,
    /// <c>whatsapp.link_removed</c>.</summary>
    public static string AuditName(MessengerChannel channel, string action) => $"{SnakeCaseNames.Of(channel)}.{action}";

    /// <summary>A code for Telegram's deep links, which allow up to 64 characters of <c>A-Za-z0-9_-</c>.</summary>
    private static string NewCode(string prefix) =>
        prefix + Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(18));

    private static MessengerLinkDto ToDto(MessengerLink l) =>
        new(l.Id, l.UserId, l.Channel, l.AccountId, l.ChatId, l.DisplayName, l.CreatedAt);

    private static Contracts.TelegramGroupLink ToDto(TelegramGroupLink l) =>
        new(l.Id, l.OrganizationId, l.ChatId, l.Title, l.CreatedAt);
}
