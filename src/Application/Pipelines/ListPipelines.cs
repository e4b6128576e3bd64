namespace MakCrm.Application.Pipelines;

public sealed record ListPipelinesQuery : IQuery<PipelineListDto>;

/// <summary>Every pipeline, named users included (one lookup for the whole list).</summary>
public sealed record PipelineListDto(IReadOnlyList<PipelineDto> Items) : INamesUsers
{
    public IEnumerable<Guid?> UserIds() => Items.SelectMany(p => p.UserIds());

    public object WithNames(UserNames names) =>
        this with
        {
            Items = Items.Select(p => (PipelineDto)p.WithNames(names)).ToList(),
        };
}

internal sealed class ListPipelinesHandler(IPipelineRepository pipelines)
    : IQueryHandler<ListPipelinesQuery, PipelineListDto>
{
    public async Task<Result<PipelineListDto>> Handle(ListPipelinesQuery query, CancellationToken cancellationToken) =>
        new PipelineListDto(await pipelines.ListAsync(cancellationToken));
}

public sealed record GetPipelineQuery(Guid Id) : IQuery<PipelineDto>;

internal sealed class GetPipelineHandler(IPipelineRepository pipelines) : IQueryHandler<GetPipelineQuery, PipelineDto>
{
    public async Task<Result<PipelineDto>> Handle(GetPipelineQuery query, CancellationToken cancellationToken) =>
        await pipelines.GetAsync(query.Id, cancellationToken) is { } pipeline
            ? pipeline
            : PipelineRules.NotFound(query.Id);
}
