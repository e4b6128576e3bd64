using MakCrm.Application.Common;
using MakCrm.Application.Help;
using MakCrm.Domain.Help;
using MakCrm.Domain.Organizations;
using MakCrm.WebApi.Http;

namespace MakCrm.WebApi.Contracts;

/// <summary>A chat link of the help section (schema <c>HelpChatLink</c>).</summary>
public sealed partial record HelpChatLink
{
    public static HelpChatLink From(HelpChatLinkDto dto) =>
        new(dto.Id, dto.Title, dto.Url, dto.Channel, dto.Position, dto.Audience, dto.CreatedAt, dto.UpdatedAt, dto.Version);
}

public sealed partial record HelpChatLinkList
{
    public static HelpChatLinkList From(IReadOnlyList<HelpChatLinkDto> items) => new(items.Select(HelpChatLink.From).ToList());
}

public sealed partial record CreateHelpChatLinkRequest
{
    public CreateHelpChatLinkCommand ToCommand() => new(Title, Url, Position, Audience);
}

public sealed partial record UpdateHelpChatLinkRequest
{
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
