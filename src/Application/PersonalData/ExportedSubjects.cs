using System.Runtime.CompilerServices;

namespace MakCrm.Application.PersonalData;

/// <summary>
/// An export's rows passed through as they stream, with the subjects they hold recorded in the read log a batch at
/// a time: a batch is recorded before its rows go out, so a file the caller breaks off is logged as far as it got.
/// </summary>
public static class ExportedSubjects
{
    public const int BatchSize = 1000;

    public static async IAsyncEnumerable<T> RecordedAsync<T>(
        this IAsyncEnumerable<T> rows,
        Func<T, Guid> subjectOf,
        string subjectType,
        IPersonalDataReads reads,
        [EnumeratorCancellation] CancellationToken cancellationToken = default
    )
    {
        var batch = new List<T>(BatchSize);
        await foreach (var row in rows.WithCancellation(cancellationToken))
        {
            batch.Add(row);
            if (batch.Count < BatchSize)
            {
                continue;
            }

            await RecordAsync(batch, subjectOf, subjectType, reads, cancellationToken);
            foreach (var held in batch)
            {
                yield return held;
            }

            batch.Clear();
        }

        await RecordAsync(batch, subjectOf, subjectType, reads, cancellationToken);
        foreach (var held in batch)
        {
            yield return held;
        }
    }

    private static async Task RecordAsync<T>(
        List<T> batch,
        Func<T, Guid> subjectOf,
        string subjectType,
        IPersonalDataReads reads,
        CancellationToken cancellationToken
    )
    {
        if (batch.Count > 0)
        {
            await reads.RecordAsync(
                subjectType,
                PersonalDataAccess.Export,
                [.. batch.Select(subjectOf).Distinct()],
                cancellationToken
            );
        }
    }
}
