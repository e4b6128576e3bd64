using MakCrm.Domain.Organizations;

namespace MakCrm.Domain.Help;

/// <summary>The messenger a help chat link opens, known from its host.</summary>
public enum HelpChatChannel
{
    Telegram,
    Whatsapp,
    Vk,
    Max,
}

/// <summary>
/// A link in the help section to a support chat (a Telegram or WhatsApp group, ...), shown to the organization kinds
/// of its audience in the order of its position. Head office configures them.
/// </summary>
public sealed class HelpChatLink : AggregateRoot
{
    public const int MaxTitleLength = 100;
    public const int MaxUrlLength = 500;

    private HelpChatLink() { }

    private HelpChatLink(Guid id, DateTimeOffset now)
        : base(id, now) { }

    public string Title { get; private set; } = "";

    public string Url { get; private set; } = "";

    public HelpChatChannel Channel { get; private set; }

    public int Position { get; private set; }

    /// <summary>The kinds of organization whose users see the link.</summary>
    public List<OrganizationKind> Audience { get; private set; } = [];

    public HelpChatLinkDetails Details => new(Title, Url, Position, Audience);

    public static Result<HelpChatLink> Create(Guid id, HelpChatLinkDetails details, DateTimeOffset now)
    {
        var link = new HelpChatLink(id, now);
        var applied = link.Apply(details);
        return applied.IsSuccess ? link : applied.Error!;
    }

    /// <summary>Applies the details; an update that changes nothing keeps the version.</summary>
    public Result<Unit> Update(HelpChatLinkDetails details, DateTimeOffset now)
    {
        if (Normalize(details) == Normalize(Details))
        {
            return Unit.Value;
        }

        var applied = Apply(details);
        if (applied.IsSuccess)
        {
            Touch(now);
        }

        return applied;
    }

    public void Delete(DateTimeOffset now) => MarkDeleted(now);

    public bool IsFor(OrganizationKind kind) => Audience.Contains(kind);

    private Result<Unit> Apply(HelpChatLinkDetails details)
    {
        var url = new ChatLinkUrlMustBeAllowed(details.Url);
        if (url.IsBroken())
        {
            return url.Error;
        }

        Title = details.Title.Trim();
        Url = url.Uri!.AbsoluteUri;
        Channel = url.Channel!.Value;
        Position = details.Position;
        Audience = [.. details.Audience.Distinct().Order()];
        return Unit.Value;
    }

    private static HelpChatLinkDetails Normalize(HelpChatLinkDetails details) =>
        details with
        {
            Title = details.Title.Trim(),
            Audience = [.. details.Audience.Distinct().Order()],
        };
}

/// <summary>What head office sets for a chat link, as one value for creation and for merge patches.</summary>
public sealed record HelpChatLinkDetails(
    string Title,
    string Url,
    int Position,
    IReadOnlyList<OrganizationKind> Audience
)
{
    public bool Equals(HelpChatLinkDetails? other) =>
        other is not null
        && Title == other.Title
        && Url == other.Url
        && Position == other.Position
        && Audience.SequenceEqual(other.Audience);

    public override int GetHashCode() => HashCode.Combine(Title, Url, Position, Audience.Count);
}

/// <summary>
/// A chat link is an https URL (no user info, no other port) to a messenger's own host, so that the help section
/// never sends users to a look-alike site or runs a script through a <c>javascript:</c> link.
/// </summary>
public sealed class ChatLinkUrlMustBeAllowed : IBusinessRule
{
    private static readonly Dictionary<string, HelpChatChannel> Hosts = new(StringComparer.OrdinalIgnoreCase)
    {
        ["t.me"] = HelpChatChannel.Telegram,
        ["telegram.me"] = HelpChatChannel.Telegram,
        ["wa.me"] = HelpChatChannel.Whatsapp,
        ["api.whatsapp.com"] = HelpChatChannel.Whatsapp,
        ["chat.whatsapp.com"] = HelpChatChannel.Whatsapp,
        ["vk.com"] = HelpChatChannel.Vk,
        ["vk.me"] = HelpChatChannel.Vk,
        ["max.ru"] = HelpChatChannel.Max,
    };

    public ChatLinkUrlMustBeAllowed(string url)
    {
        if (
            Uri.TryCreate(url.Trim(), UriKind.Absolute, out var uri)
            && uri.Scheme == Uri.UriSchemeHttps
            && uri.IsDefaultPort
            && uri.UserInfo.Length == 0
            && Hosts.TryGetValue(uri.Host, out var channel)
        )
        {
            Uri = uri;
            Channel = channel;
        }
    }

    /// <summary>The hosts a link may point at, for messages and the contract.</summary>
    public static IEnumerable<string> AllowedHosts => Hosts.Keys;

    public Uri? Uri { get; }

    public HelpChatChannel? Channel { get; }

    public bool IsBroken() => Uri is null;

    public Error Error =>
        Error.Validation("url", $"Must be an https link to one of: {string.Join(", ", AllowedHosts)}.");
}
