using MakCrm.Contracts;
using MakCrm.Domain.Common;

namespace MakCrm.WebApi.Http;

/// <summary>
/// Turns a handler's result into the HTTP answer: the contract record (with the resource's ETag) on success, the
/// problem for its error otherwise. Every endpoint answers through here, so the rules are the same everywhere.
/// </summary>
public static class Respond
{
    public static Results<JsonOk<TContract>, ProblemHttpResult> Ok<TDto, TContract>(
        HttpResponse response,
        Result<TDto> result,
        Func<TDto, TContract> toContract
    )
        where TDto : IVersioned
    {
        if (!result.IsSuccess)
        {
            return Problems.From(result.Error!);
        }

        ETag.Write(response, result.Value.Version);
        return JsonAnswer.Ok(toContract(result.Value));
    }

    public static Results<JsonCreated<TContract>, ProblemHttpResult> Created<TDto, TContract>(
        HttpResponse response,
        string collectionPath,
        Result<TDto> result,
        Func<TDto, TContract> toContract
    )
        where TDto : IVersioned
    {
        if (!result.IsSuccess)
        {
            return Problems.From(result.Error!);
        }

        ETag.Write(response, result.Value.Version);
        return JsonAnswer.Created($"{collectionPath}/{result.Value.Id}", toContract(result.Value));
    }

    /// <summary>A created resource that never changes (a rule, a ledger entry): its location and no ETag.</summary>
    public static Results<JsonCreated<TContract>, ProblemHttpResult> CreatedAt<TDto, TContract>(
        Result<TDto> result,
        Func<TDto, string> location,
        Func<TDto, TContract> toContract
    ) =>
        result.IsSuccess
            ? JsonAnswer.Created(location(result.Value), toContract(result.Value))
            : Problems.From(result.Error!);

    /// <summary>A result that has no ETag of its own: a page of a list, a matrix.</summary>
    public static Results<JsonOk<TContract>, ProblemHttpResult> Value<TValue, TContract>(
        Result<TValue> result,
        Func<TValue, TContract> toContract
    ) => result.IsSuccess ? JsonAnswer.Ok(toContract(result.Value)) : Problems.From(result.Error!);

    /// <summary>
    /// A representation that counts no versions (a user, the role matrix, one's notification preferences), with its
    /// content's entity tag (<see cref="ContentTag"/>) for the <c>If-Match</c> of its changes.
    /// </summary>
    public static Results<JsonOk<TContract>, ProblemHttpResult> Tagged<TValue, TContract>(
        HttpResponse response,
        Result<TValue> result,
        Func<TValue, string> tagOf,
        Func<TValue, TContract> toContract
    )
    {
        if (!result.IsSuccess)
        {
            return Problems.From(result.Error!);
        }

        ETag.Write(response, tagOf(result.Value));
        return JsonAnswer.Ok(toContract(result.Value));
    }

    /// <summary>The handler's value as it is, with its content's entity tag.</summary>
    public static Results<JsonOk<TValue>, ProblemHttpResult> Tagged<TValue>(
        HttpResponse response,
        Result<TValue> result
    ) => Tagged(response, result, static value => ContentTag.Of(value), static value => value);

    /// <summary>The handler's value as it is, where it has the contract's shape; with its ETag.</summary>
    public static Results<JsonOk<TValue>, ProblemHttpResult> Ok<TValue>(HttpResponse response, Result<TValue> result)
        where TValue : IVersioned => Ok(response, result, static value => value);

    /// <summary>The created value as it is, where it has the contract's shape; with its ETag.</summary>
    public static Results<JsonCreated<TValue>, ProblemHttpResult> Created<TValue>(
        HttpResponse response,
        string collectionPath,
        Result<TValue> result
    )
        where TValue : IVersioned => Created(response, collectionPath, result, static value => value);

    /// <summary>A created value as it is, its location and no ETag.</summary>
    public static Results<JsonCreated<TValue>, ProblemHttpResult> CreatedAt<TValue>(
        Result<TValue> result,
        Func<TValue, string> location
    ) => CreatedAt(result, location, static value => value);

    /// <summary>A value as it is, with no ETag of its own.</summary>
    public static Results<JsonOk<TValue>, ProblemHttpResult> Value<TValue>(Result<TValue> result) =>
        Value(result, static value => value);

    /// <summary>202 with the value as it is: the work it stands for goes on after the answer; with a location to
    /// follow it when there is one.</summary>
    public static Results<JsonAccepted<TValue>, ProblemHttpResult> Accepted<TValue>(
        Result<TValue> result,
        Func<TValue, string>? location = null
    ) =>
        result.IsSuccess
            ? JsonAnswer.Accepted(location?.Invoke(result.Value), result.Value)
            : Problems.From(result.Error!);

    /// <summary>
    /// A representation a caller keeps and asks again for (a polled state, a catalogue): with its entity tag and
    /// <c>Cache-Control: no-cache</c> (a cache keeps it, and asks before it uses it), and 304 without a body when the
    /// caller's <c>If-None-Match</c> names the tag.
    /// </summary>
    public static Results<JsonOk<TContract>, StatusCodeHttpResult, ProblemHttpResult> Conditional<TValue, TContract>(
        HttpResponse response,
        string? ifNoneMatch,
        Result<TValue> result,
        Func<TValue, string> tagOf,
        Func<TValue, TContract> toContract
    )
    {
        if (!result.IsSuccess)
        {
            return Problems.From(result.Error!);
        }

        var tag = tagOf(result.Value);
        response.Headers.ETag = tag;
        response.Headers.CacheControl = "no-cache";
        return ETag.IsCurrent(ifNoneMatch, tag)
            ? TypedResults.StatusCode(StatusCodes.Status304NotModified)
            : JsonAnswer.Ok(toContract(result.Value));
    }

    public static Results<NoContent, ProblemHttpResult> NoContent(Result<Unit> result) =>
        result.IsSuccess ? TypedResults.NoContent() : Problems.From(result.Error!);

    /// <summary>A stored document's bytes, streamed with its content type and file name.</summary>
    public static Results<FileStreamHttpResult, ProblemHttpResult> File(
        Result<MakCrm.Application.Documents.DocumentContent> result
    ) =>
        result.IsSuccess
            ? TypedResults.Stream(
                result.Value.Content,
                result.Value.Document.ContentType,
                result.Value.Document.FileName
            )
            : Problems.From(result.Error!);
}
