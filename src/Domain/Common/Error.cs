namespace MakCrm.Domain.Common;

/// <summary>
/// A failure with a stable machine-readable <see cref="Code"/> (part of the public contract) and a human message.
/// Validation errors carry the messages for each offending field; some conflicts carry extra members for the problem
/// (<see cref="Extensions"/>, named in the contract).
/// </summary>
public sealed record Error(
    string Code,
    string Message,
    ErrorKind Kind,
    IReadOnlyDictionary<string, string[]>? FieldErrors = null,
    IReadOnlyDictionary<string, object?>? Extensions = null
)
{
    public static Error Validation(string field, string message) =>
        Validation(new Dictionary<string, string[]> { [field] = [message] });

    public static Error Validation(IReadOnlyDictionary<string, string[]> fieldErrors) =>
        new(ErrorCodes.ValidationFailed, "One or more fields are invalid.", ErrorKind.Validation, fieldErrors);

    /// <summary>The error in one line, as a stored outcome or a log says it: its code, then each field's messages
    /// (<c>validation_failed: assignee: …</c>) or, with none, its message.</summary>
    public string Describe() =>
        FieldErrors is { Count: > 0 } fields
            ? $"{Code}: {string.Join("; ", fields.SelectMany(f => f.Value.Select(message => $"{f.Key}: {message}")))}"
            : $"{Code}: {Message}";

    public static Error NotFound(string resource, Guid id) =>
        new(ErrorCodes.NotFound, $"{resource} {id} was not found.", ErrorKind.NotFound);
}
