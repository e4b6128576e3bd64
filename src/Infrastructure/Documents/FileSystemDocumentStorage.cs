using MakCrm.Application.Abstractions.Storage;

namespace MakCrm.Infrastructure.Documents;

/// <summary>
/// Documents as files under one directory, a sub-directory per organization. A file is written under a temporary
/// name and moved into place, so a reader never sees half a file and a failed write leaves nothing under the key.
/// </summary>
public sealed class FileSystemDocumentStorage(string root) : IDocumentStorage
{
    public async Task PutAsync(
        string key,
        Stream content,
        long length,
        string contentType,
        CancellationToken cancellationToken
    )
    {
        var path = PathOf(key);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temporary = $"{path}.{Guid.NewGuid():N}.part";
        try
        {
            await using (
                var file = new FileStream(
                    temporary,
                    FileMode.CreateNew,
                    FileAccess.Write,
                    FileShare.None,
                    81920,
                    useAsync: true
                )
            )
            {
                await content.CopyToAsync(file, cancellationToken);
            }

            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    public Task<Stream?> OpenReadAsync(string key, CancellationToken cancellationToken)
    {
        var path = PathOf(key);
        try
        {
            return Task.FromResult<Stream?>(
                new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, useAsync: true)
            );
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return Task.FromResult<Stream?>(null);
        }
    }

    public Task DeleteAsync(string key, CancellationToken cancellationToken)
    {
        try
        {
            File.Delete(PathOf(key));
        }
        catch (DirectoryNotFoundException)
        {
            // Nothing was ever stored for the organization.
        }

        return Task.CompletedTask;
    }

    /// <summary>The file of a key; keys are made by the store (letters, digits and '/'), anything else is
    /// refused.</summary>
    private string PathOf(string key)
    {
        if (
            key.Length == 0
            || key.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '/' or '-' or '_' or '.'))
            || key.Contains("..", StringComparison.Ordinal)
        )
        {
            throw new ArgumentException($"Not a storage key: {key}", nameof(key));
        }

        return Path.Combine(root, key);
    }
}
