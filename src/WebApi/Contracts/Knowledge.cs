using MakCrm.Application.Common;
using MakCrm.Application.Knowledge;
using MakCrm.Domain.Knowledge;
using MakCrm.WebApi.Http;

namespace MakCrm.WebApi.Contracts;

public sealed partial record KnowledgeSection
{
    public static KnowledgeSection From(SectionDto s) => new(s.Id, s.Title, s.Position, s.CreatedAt, s.UpdatedAt, s.Version);
}

public sealed partial record KnowledgeSectionList
{
    public static KnowledgeSectionList From(IReadOnlyList<SectionDto> sections) => new(sections.Select(KnowledgeSection.From).ToList());
}

public sealed partial record CreateKnowledgeSectionRequest
{
    public CreateSectionCommand ToCommand() => new(Title, Position);
}

public sealed partial record UpdateKnowledgeSectionRequest
{
    public static UpdateSectionCommand ToCommand(Guid id, VersionCheck ifMatch, JsonBody<UpdateKnowledgeSectionRequest> body) =>
        new(id, ifMatch, body.Field("title", body.Value.Title), body.Field("position", body.Value.Position));
}
