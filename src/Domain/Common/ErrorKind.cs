namespace MakCrm.Domain.Common;

/// <summary>The kind of failure; the web layer maps each kind to one HTTP status.</summary>
public enum ErrorKind
{
    Validation,
    NotFound,
    Conflict,
    PreconditionFailed,
    PreconditionRequired,
    UnsupportedMediaType,
    Forbidden,
    PayloadTooLarge,

    /// <summary>The request is well-formed but cannot be processed as sent (422), e.g. a reused idempotency
    /// key.</summary>
    Unprocessable,

    /// <summary>What was asked for existed but is gone for good (410), e.g. events older than the feed keeps.</summary>
    Gone,

    /// <summary>Something the server depends on failed or is missing (503), e.g. the document renderer; a retry may
    /// succeed.</summary>
    Unavailable,
}
