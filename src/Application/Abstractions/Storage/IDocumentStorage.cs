namespace MakCrm.Application.Abstractions.Storage;

/// <summary>
/// Where the bytes of documents live, by key: a directory of the file system, or a bucket of an S3-compatible store.
/// The metadata (and who may read what) is in the database; the storage knows keys only.
/// </summary>
public interface IDocumentStorage
{
    /// <summary>Stores <paramref name="length"/> bytes from <paramref name="content"/> under <paramref name="key"/>,
    /// replacing nothing else.</summary>
    Task PutAsync(string key, Stream content, long length, string contentType, CancellationToken cancellationToken);

    /// <summary>The stored bytes to read (the caller disposes the stream), or <c>null</c> when the key holds
    /// nothing.</summary>
    Task<Stream?> OpenReadAsync(string key, CancellationToken cancellationToken);

    /// <summary>Removes the key's bytes; a key that holds nothing is not an error.</summary>
    Task DeleteAsync(string key, CancellationToken cancellationToken);
}
