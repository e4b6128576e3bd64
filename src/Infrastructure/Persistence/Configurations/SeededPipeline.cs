using MakCrm.Domain.Pipelines;

namespace MakCrm.Infrastructure.Persistence.Configurations;

/// <summary>The pipeline every installation starts with: the broker's credit funnel, then the system stages won and
/// lost.</summary>
internal static class SeededPipeline
{
    public static readonly Guid Id = new("0192f0c1-0000-7000-8000-000000000701");

    private static readonly DateTimeOffset Seeded = new(2026, 11, 21, 0, 0, 0, TimeSpan.Zero);

    public static object Pipeline { get; } = new
    {
        Id,
        Name = "Кредитная воронка",
        Position = 1,
        IsArchived = false,
        CreatedAt = Seeded,
        UpdatedAt = Seeded,
        DeletedAt = (DateTimeOffset?)null,
        Version = 1,
    };

    public static object[] Stages { get; } =
    [
        Stage(1, "Новая заявка", StageKind.Working),
        Stage(2, "Сбор документов", StageKind.Working),
        Stage(3, "Подача в банк", StageKind.Working),
        Stage(4, "Решение банка", StageKind.Working),
        Stage(5, Domain.Pipelines.Pipeline.WonStageName, StageKind.Won),
        Stage(6, Domain.Pipelines.Pipeline.LostStageName, StageKind.Lost),
    ];

    private static object Stage(int position, string name, StageKind kind) =>
        new
        {
            Id = new Guid($"0192f0c1-0000-7000-8000-0000000007{position + 10:00}"),
            PipelineId = Id,
            Name = name,
            Position = position,
            Kind = kind,
            Triggers = (IReadOnlyList<StageTrigger>)Array.Empty<StageTrigger>(),
            WinProbability = Domain.Pipelines.WinProbability.Initial(kind),
            CreatedAt = Seeded,
            UpdatedAt = Seeded,
            DeletedAt = (DateTimeOffset?)null,
            Version = 1,
        };
}
