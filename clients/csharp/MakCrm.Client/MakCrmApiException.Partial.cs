using System.Text.Json;

namespace MakCrm.Client;

/// <summary>
/// The API answered with a status the operation does not succeed with. <see cref="MakCrmApiException.StatusCode"/>,
/// <see cref="Code"/> (compare it with <see cref="MakProblemCodes"/>), <see cref="TraceId"/> and <see cref="Operation"/>
/// say what failed, and the message says all four.
/// </summary>
public partial class MakCrmApiException
{
    // Set by the generated method as it prepares its request, on the same asynchronous flow that then throws: the
    // exception's constructor (this field's initialiser) reads the operation it was thrown for.
    internal static readonly AsyncLocal<string?> CurrentOperation = new();

    private readonly string? _operation = CurrentOperation.Value;

    /// <summary>The contract's <c>operationId</c> of the failed call (e.g. <c>getLead</c>), or null when unknown.</summary>
    public string? Operation => _operation;

    /// <summary>The problem's stable <c>code</c> (see <see cref="MakProblemCodes"/>), or null when the answer is not a problem.</summary>
    public string? Code => Problem?.Code;

    /// <summary>The W3C trace id of the request, to quote when reporting a problem; null when the answer is not a problem.</summary>
    public string? TraceId => Problem?.TraceId;

    /// <summary>
    /// For a problem: <c>getLead failed: 404 not_found: No such resource. (traceId …)</c>; otherwise the status and
    /// the start of the answer.
    /// </summary>
    public override string Message => this is not MakCrmAuthenticationException && Problem is { } problem
        ? $"{Operation ?? "The request"} failed: {StatusCode} {problem.Code}: {problem.Detail ?? problem.Title} (traceId {problem.TraceId})"
        : base.Message;

    /// <summary>
    /// The RFC 9457 problem the server answered with (<c>code</c>, <c>traceId</c>, <c>errors</c>, ...), or null when
    /// the body is not a problem document. Responses the contract declares arrive as
    /// <see cref="MakCrmApiException{TResult}"/> of <see cref="T:MakCrm.Client.Problem"/>; this property also parses the
    /// body of undeclared ones (a 500, a 415 on a read, ...).
    /// </summary>
    public Problem? Problem
    {
        get
        {
            if (this is MakCrmApiException<Problem> typed)
            {
                return typed.Result;
            }

            if (string.IsNullOrWhiteSpace(Response))
            {
                return null;
            }

            try
            {
                var problem = JsonSerializer.Deserialize<Problem>(Response);
                return problem?.Code is null ? null : problem;
            }
            catch (JsonException)
            {
                return null;
            }
        }
    }
}
