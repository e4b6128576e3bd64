namespace MakCrm.Application.Abstractions.Persistence;

/// <summary>
/// The grade an organization held on a day: what decides a partner's commission share on a loan issued that day (a
/// later grade change never rewrites it) and a franchisee's auction eligibility. Null: no grade.
/// </summary>
public interface IGradeInForce
{
    Task<string?> GradeOnAsync(Guid organizationId, DateOnly day, CancellationToken cancellationToken);
}
