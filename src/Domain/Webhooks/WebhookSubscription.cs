using MakCrm.Domain.Organizations;

namespace MakCrm.Domain.Webhooks;

/// <summary>
/// A receiver of signed HTTP callbacks (Standard Webhooks): where events of the chosen types are sent. Owned by an
/// organization, which alone sees and changes it; created by one of its users or by one of its API clients, whose
/// scopes then bound what it receives.
/// </summary>
public sealed class WebhookSubscription : AggregateRoot, IOrganizationOwned
{
    public const int MaxUrlLength = 2000;
    public const int MaxDescriptionLength = 500;

    private WebhookSubscription() { }

    private WebhookSubscription(Guid id, DateTimeOffset now)
        : base(id, now) { }

    public Guid OrganizationId { get; private set; }

    public static PurgeRule Purge => PurgeRule.LeftToTheDatabase;

    /// <summary>The API client that created it, whose scopes limit what it receives; <c>null</c> when a user
    /// did.</summary>
    public string? ApiClientId { get; private set; }

    public string Url { get; private set; } = "";

    public string? Description { get; private set; }

    public List<string> EventTypes { get; private set; } = [];

    public bool Enabled { get; private set; }

    /// <summary>Why delivery stopped on its own (<see cref="WebhookDisabledReason"/>); <c>null</c> while enabled or
    /// when disabled by hand.</summary>
    public WebhookDisabledReason? DisabledReason { get; private set; }

    public DateTimeOffset? DisabledAt { get; private set; }

    /// <summary>The first failed attempt since the last success; <c>null</c> while deliveries succeed.</summary>
    public DateTimeOffset? FailingSince { get; private set; }

    public WebhookSettings Settings => new(Url, Description, EventTypes, Enabled);

    public static WebhookSubscription Create(
        Guid id,
        Guid organizationId,
        string? apiClientId,
        WebhookSettings settings,
        DateTimeOffset now
    )
    {
        var subscription = new WebhookSubscription(id, now)
        {
            OrganizationId = organizationId,
            ApiClientId = apiClientId,
        };
        subscription.Apply(settings, now);
        return subscription;
    }

    /// <summary>Applies the settings; a change that changes nothing keeps the version. Enabling again forgets why it
    /// was disabled.</summary>
    public void Update(WebhookSettings settings, DateTimeOffset now)
    {
        if (
            settings.Url == Url
            && settings.Description == Description
            && settings.EventTypes.SequenceEqual(EventTypes)
            && settings.Enabled == Enabled
        )
        {
            return;
        }

        Apply(settings, now);
        Touch(now);
    }

    public void Delete(DateTimeOffset now) => MarkDeleted(now);

    /// <summary>Stops delivery on its own account (the receiver is gone or keeps failing); enabling it again is the
    /// owner's call.</summary>
    public void Stop(WebhookDisabledReason reason, DateTimeOffset now)
    {
        if (!Enabled)
        {
            return;
        }

        Enabled = false;
        DisabledReason = reason;
        DisabledAt = now;
        Touch(now);
    }

    private void Apply(WebhookSettings settings, DateTimeOffset now)
    {
        if (settings.Enabled && !Enabled)
        {
            DisabledReason = null;
            DisabledAt = null;
            FailingSince = null;
        }
        else if (!settings.Enabled && Enabled)
        {
            DisabledAt = now;
        }

        Url = settings.Url;
        Description = settings.Description;
        EventTypes = settings.EventTypes.Distinct(StringComparer.Ordinal).ToList();
        Enabled = settings.Enabled;
    }
}

/// <summary>What a subscription's owner sets.</summary>
public sealed record WebhookSettings(string Url, string? Description, IReadOnlyList<string> EventTypes, bool Enabled);

/// <summary>Why delivery stopped without its owner asking.</summary>
public enum WebhookDisabledReason
{
    /// <summary>The receiver answered 410 Gone.</summary>
    Gone,

    /// <summary>Every attempt failed for five days.</summary>
    Failing,
}
