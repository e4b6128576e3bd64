using MakCrm.Application.Common;
using MakCrm.Application.Help;
using MakCrm.Domain.Help;
using MakCrm.Domain.Organizations;
using MakCrm.WebApi.Http;

namespace MakCrm.WebApi.Contracts;

/// <summary>A chat link of the help section (schema <c>HelpChatLink</c>).</summary>
public sealed record HelpChatLink(
    Guid Id, string Title, string Url, HelpChatChannel Channel, int Position, IReadOnlyList<OrganizationKind> Audience,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, int Version)
{
    public static HelpChatLink From(HelpChatLinkDto dto) =>
        new(dto.Id, dto.Title, dto.Url, dto.Channel, dto.Position, dto.Audience, dto.CreatedAt, dto.UpdatedAt, dto.Version);
}

public sealed record HelpChatLinkList(IReadOnlyList<HelpChatLink> Items)
{
    public static HelpChatLinkList From(IReadOnlyList<HelpChatLinkDto> items) => new(items.Select(HelpChatLink.From).ToList());
}

public sealed record CreateHelpChatLinkRequest
{
    public required string Title { get; init; }

    public required string Url { get; init; }

    public int? Position { get; init; }

    public required IReadOnlyList<OrganizationKind> Audience { get; init; }

    public CreateHelpChatLinkCommand ToCommand() => new(Title, Url, Position, Audience);
}

public sealed record UpdateHelpChatLinkRequest
{
    public string Title { get; init; } = "";

    public string Url { get; init; } = "";

    public int Position { get; init; }

    public IReadOnlyList<OrganizationKind> Audience { get; init; } = [];

    public static UpdateHelpChatLinkCommand ToCommand(Guid id, VersionCheck ifMatch, JsonBody<UpdateHelpChatLinkRequest> body)
    {
        var patch = body.Value;
        return new UpdateHelpChatLinkCommand(
            id,
            ifMatch,
            body.Field<string>("title", patch.Title),
            body.Field<string>("url", patch.Url),
            body.Field<int>("position", patch.Position),
            body.Field<IReadOnlyList<OrganizationKind>>("audience", patch.Audience));
    }
}
