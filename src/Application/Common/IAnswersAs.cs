namespace MakCrm.Application.Common;

/// <summary>
/// A result of the Application that the API answers as the wire record <typeparamref name="TRecord"/>, by the one
/// mapping the endpoints answer with too: what an event carries is rendered from it exactly as the API answers it.
/// </summary>
public interface IAnswersAs<out TRecord>
    where TRecord : class
{
    TRecord ToRecord();
}
