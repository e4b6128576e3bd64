using MakCrm.Application.PersonalData;

namespace MakCrm.Application.Abstractions.Persistence;

/// <summary>The log of reads of personal data: who was shown which client's or lead's data, how and when.</summary>
public interface IPersonalDataReads
{
    /// <summary>
    /// Records that the current caller was shown these subjects, one line each, in one statement before the answer
    /// goes out: an answer whose read is not recorded is not sent.
    /// </summary>
    Task RecordAsync(
        string subjectType,
        string access,
        IReadOnlyCollection<Guid> subjectIds,
        CancellationToken cancellationToken
    );

    Task<IReadOnlyList<PersonalDataReadDto>> ListAsync(
        PersonalDataReadCriteria criteria,
        CancellationToken cancellationToken
    );
}
