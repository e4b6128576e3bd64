using MakCrm.Domain.BorrowerChecks;

namespace MakCrm.Application.Abstractions.Integrations;

/// <summary>ФНС's self-employed (НПД) status of a person by ИНН on a day. Answers the closed result:
/// <c>hit</c> when the person pays the tax, <c>clear</c> when not, <c>unavailable</c> with its reason when ФНС could
/// not be asked or did not answer (a captcha, a timeout, a 5xx, its rate limit).</summary>
public interface ISelfEmployedCheck
{
    Task<CheckResult> CheckAsync(string inn, DateOnly on, CancellationToken cancellationToken);
}

/// <summary>The person an asynchronous search is about, and the region searched (1 to <see cref="MaxRegion"/>).
/// </summary>
public sealed record PersonToCheck(string FullName, DateOnly BirthDate, string? Inn, string? Snils, int Region)
{
    /// <summary>ФССП numbers its regions 1 to 99, as vehicle plates do.</summary>
    public const int MaxRegion = 99;
}

/// <summary>A search the provider took (its task) or refused (the result: unavailable).</summary>
public sealed record SubmittedSearch(string? Task, CheckResult? Refused);

/// <summary>
/// ФССП's enforcement proceedings against a person, asked as the provider works: a search submitted, answered by a
/// task, then polled until its result is ready. <c>hit</c> when proceedings were found.
///</summary>
public interface IEnforcementProceedingsCheck
{
    Task<SubmittedSearch> SubmitAsync(PersonToCheck person, CancellationToken cancellationToken);

    /// <summary>The task's result; <c>null</c> while it is not ready.</summary>
    Task<CheckResult?> PollAsync(string task, CancellationToken cancellationToken);
}

/// <summary>
/// The sanctions and terrorism list in force, matched on the name (fuzzily) and the birth date. <c>unavailable</c>
/// (<c>not_configured</c>) while no list has been imported; every other answer names the list's version.
///</summary>
public interface ISanctionsCheck
{
    Task<CheckResult> CheckAsync(string fullName, DateOnly birthDate, CancellationToken cancellationToken);
}

/// <summary>A person as a sanctions list file lists them.</summary>
public sealed record ListedPerson(string FullName, DateOnly? BirthDate);

/// <summary>Reads a sanctions list file (Росфинмониторинг's XML list, or a table with the columns
/// <c>fullName</c> and <c>birthDate</c>).</summary>
public interface ISanctionsListFiles
{
    /// <summary>The persons listed, or the file's fault as a validation error on <c>file</c>.</summary>
    Task<Result<IReadOnlyList<ListedPerson>>> ReadAsync(Stream file, CancellationToken cancellationToken);
}

/// <summary>
/// ФНС's ЕГРЮЛ/ЕГРИП record of a company or an individual entrepreneur by its ОГРН(ИП) or ИНН:
/// <c>clear</c> when it is registered and active; <c>hit</c> when it is not found, liquidated, in
/// liquidation, bankrupt, being reorganised or marked as having unreliable data; <c>unavailable</c>
/// with its reason when it could not be asked.
/// </summary>
public interface ICompanyRegistrationCheck
{
    Task<CheckResult> CheckAsync(string number, CancellationToken cancellationToken);
}
