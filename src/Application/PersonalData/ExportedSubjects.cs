using System.Runtime.CompilerServices;

namespace MakCrm.Application.PersonalData;

/// <summary>
/// An export's rows passed through as they stream, with the subjects they hold recorded in the read log a batch at
/// a time: a batch is recorded before its rows go out, so a file the caller breaks off is logged as far as it got.
/// </summary>
public static class ExportedSubjects
{
    public const int BatchSize = 1000;

    /// <summary>Rows of one subject each, recorded as <c>export</c> reads.</summary>
    public static IAsyncEnumerable<T> RecordedAsync<T>(
        this IAsyncEnumerable<T> rows,
        Func<T, Guid> subjectOf,
        string subjectType,
        IPersonalDataReads reads,
        CancellationToken cancellationToken = default
    ) => rows.RecordedAsync(row => [subjectOf(row)], subjectType, reads, PersonalDataAccess.Export, cancellationToken);

    /// <summary>Rows of any number of subjects each, recorded with the given access.</summary>
    public static async IAsyncEnumerable<T> RecordedAsync<T>(
        this IAsyncEnumerable<T> rows,
        Func<T, IEnumerable<Guid>> subjectsOf,
        string subjectType,
        IPersonalDataReads reads,
        string access,
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

            await RecordAsync(batch, subjectsOf, subjectType, access, reads, cancellationToken);
            foreach (var held in batch)
            {
                yield return held;
            }

            batch.Clear();
        }

        await RecordAsync(batch, subjectsOf, subjectType, access, reads, cancellationToken);
        foreach (var held in batch)
        {
            yield return held;
        }
    }

    private static async Task RecordAsync<T>(
        List<T> batch,
        Func<T, IEnumerable<Guid>> subjectsOf,
        string subjectType,
        string access,
        IPersonalDataReads reads,
        CancellationToken cancellationToken
    )
    {
        var subjects = batch.SelectMany(subjectsOf).Distinct().ToList();
        if (subjects.Count > 0)
        {
            await reads.RecordAsync(subjectType, access, subjects, cancellationToken);
        }
    }
}
