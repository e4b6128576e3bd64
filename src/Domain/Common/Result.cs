namespace MakCrm.Domain.Common;

/// <summary>The outcome of an operation that can fail in an expected way; failures are values, not
/// exceptions.</summary>
public readonly record struct Result<T>
{
    private readonly T? _value;

    private Result(T? value, Error? error)
    {
        _value = value;
        Error = error;
    }

    public Error? Error { get; }

    public bool IsSuccess => Error is null;

    public T Value =>
        IsSuccess ? _value! : throw new InvalidOperationException($"The result failed with {Error!.Code}.");

    public static Result<T> Success(T value) => new(value, null);

    public static Result<T> Failure(Error error) => new(default, error);

    public static implicit operator Result<T>(T value) => Success(value);

    public static implicit operator Result<T>(Error error) => Failure(error);

    public Result<TNext> Then<TNext>(Func<T, Result<TNext>> next) => IsSuccess ? next(_value!) : Error!;

    public Result<TNext> Map<TNext>(Func<T, TNext> map) => IsSuccess ? map(_value!) : Error!;
}

/// <summary>The unit type, for operations that succeed with nothing to return.</summary>
public readonly record struct Unit
{
    public static Unit Value => default;
}
