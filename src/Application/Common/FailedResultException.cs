namespace MakCrm.Application.Common;

/// <summary>
/// A failure found where no <see cref="Result{T}"/> can carry it: while a streamed response body is being produced
/// (a report export's rows). The HTTP layer answers it as the error's problem if the response has not started, and
/// aborts the response otherwise.
/// </summary>
public sealed class FailedResultException(Error error) : Exception(error.Message)
{
    public Error Error { get; } = error;
}
