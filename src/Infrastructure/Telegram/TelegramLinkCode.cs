using MakCrm.Domain.Organizations;

namespace MakCrm.Infrastructure.Telegram;

/// <summary>
/// A one-time code that links a messenger account (Telegram or WhatsApp, whichever redeems it) to a user
/// (<see cref="Kind"/> <c>user</c>) or a Telegram group to an organization (<c>group</c>), stored as a hash. Redeeming
/// spends it with one conditional UPDATE and remembers which link it made, so that the same bot redeeming it again (a
/// redelivered update) gets the same link back.
/// </summary>
public sealed class TelegramLinkCode : IOrganizationOwned
{
    public const string UserKind = "user";
    public const string GroupKind = "group";

    public Guid Id { get; set; }

    public string CodeHash { get; set; } = "";

    public string Kind { get; set; } = UserKind;

    /// <summary>The user to link (user codes), or who asked for the code (group codes).</summary>
    public Guid UserId { get; set; }

    /// <summary>The organization to link a group to (group codes).</summary>
    public Guid? OrganizationId { get; set; }

    /// <summary>A user code names no organization, so no organization's scope or purge reaches it.</summary>
    Guid IOrganizationOwned.OrganizationId => OrganizationId ?? Guid.Empty;

    /// <summary>A group code goes with its organization by the foreign key's cascade.</summary>
    public static PurgeRule Purge => PurgeRule.LeftToTheDatabase;

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset ExpiresAt { get; set; }

    public DateTimeOffset? UsedAt { get; set; }

    /// <summary>The API client that redeemed the code.</summary>
    public string? UsedByClientId { get; set; }

    /// <summary>The link the code made (a <see cref="MessengerLink"/> or a <see cref="TelegramGroupLink"/>).</summary>
    public Guid? LinkId { get; set; }
}
