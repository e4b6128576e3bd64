using MakCrm.Application.Knowledge;
using MakCrm.Contracts;

namespace MakCrm.WebApi.Wire;

/// <summary>How the API answers and reads these resources, where it does more than copy.</summary>
internal static class KnowledgeMappings
{
    extension(KnowledgeSection)
    {
        public static KnowledgeSection From(SectionDto s) =>
            new(s.Id, s.Title, s.Position, s.CreatedAt, s.UpdatedAt, s.Version);
    }

    extension(CreateKnowledgeSectionRequest request)
    {
        public CreateSectionCommand ToCommand() => new(request.Title, request.Position);
    }

    extension(UpdateKnowledgeSectionRequest)
    {
        public static UpdateSectionCommand ToCommand(
            Guid id,
            VersionCheck ifMatch,
            JsonBody<UpdateKnowledgeSectionRequest> body
        ) => new(id, ifMatch, body.Field("title", body.Value.Title), body.Field("position", body.Value.Position));
    }
}
