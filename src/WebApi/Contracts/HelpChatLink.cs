using MakCrm.Application.Common;
using MakCrm.Application.Help;
using MakCrm.Domain.Help;
using MakCrm.Domain.Organizations;
using MakCrm.WebApi.Http;

namespace MakCrm.WebApi.Contracts;

public sealed partial record HelpChatLinkList
{
    public static HelpChatLinkList From(IReadOnlyList<HelpChatLinkDto> items) => new(items);
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
