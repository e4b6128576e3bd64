using MakCrm.Application.Abstractions.Messaging;
using MakCrm.Application.Abstractions.Persistence;
using MakCrm.Domain.Common;

namespace MakCrm.Application.Pipelines;

public sealed record ListPipelinesQuery : IQuery<IReadOnlyList<PipelineDto>>;

internal sealed class ListPipelinesHandler(IPipelineRepository pipelines) : IQueryHandler<ListPipelinesQuery, IReadOnlyList<PipelineDto>>
{
    public async Task<Result<IReadOnlyList<PipelineDto>>> Handle(ListPipelinesQuery query, CancellationToken cancellationToken) =>
        Result<IReadOnlyList<PipelineDto>>.Success(await pipelines.ListAsync(cancellationToken));
}

public sealed record GetPipelineQuery(Guid Id) : IQuery<PipelineDto>;

internal sealed class GetPipelineHandler(IPipelineRepository pipelines) : IQueryHandler<GetPipelineQuery, PipelineDto>
{
    public async Task<Result<PipelineDto>> Handle(GetPipelineQuery query, CancellationToken cancellationToken) =>
        await pipelines.GetAsync(query.Id, cancellationToken) is { } pipeline ? pipeline : PipelineRules.NotFound(query.Id);
}
