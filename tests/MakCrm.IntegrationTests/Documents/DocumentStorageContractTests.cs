using System.Text;
using MakCrm.Application.Abstractions.Storage;
using MakCrm.Infrastructure.Documents;

namespace MakCrm.IntegrationTests.Documents;

/// <summary>What every document storage does, run against the file system and against a real S3 wire implementation.</summary>
public abstract class DocumentStorageContract
{
    protected abstract IDocumentStorage Storage { get; }

    [Fact]
    public async Task Stored_bytes_read_back_the_same_and_are_gone_after_a_delete()
    {
        var key = $"{Guid.NewGuid():N}/{Guid.NewGuid():N}";
        var bytes = Encoding.UTF8.GetBytes("%PDF-1.7\nСчёт на оплату № 1\n");
        await Storage.PutAsync(key, new MemoryStream(bytes), bytes.Length, "application/pdf", CancellationToken.None);

        await using (var read = await Storage.OpenReadAsync(key, CancellationToken.None))
        {
            read.Should().NotBeNull();
            using var copy = new MemoryStream();
            await read!.CopyToAsync(copy);
            copy.ToArray().Should().Equal(bytes);
        }

        await Storage.DeleteAsync(key, CancellationToken.None);
        (await Storage.OpenReadAsync(key, CancellationToken.None)).Should().BeNull();
    }

    [Fact]
    public async Task A_key_that_holds_nothing_reads_as_null_and_deletes_without_error()
    {
        var key = $"{Guid.NewGuid():N}/{Guid.NewGuid():N}";
        (await Storage.OpenReadAsync(key, CancellationToken.None)).Should().BeNull();
        await Storage.Invoking(s => s.DeleteAsync(key, CancellationToken.None)).Should().NotThrowAsync();
    }

    [Fact]
    public async Task A_large_file_is_stored_whole()
    {
        var key = $"{Guid.NewGuid():N}/{Guid.NewGuid():N}";
        var bytes = new byte[3 * 1024 * 1024 + 17];
        new Random(7).NextBytes(bytes);
        await Storage.PutAsync(key, new MemoryStream(bytes), bytes.Length, "application/octet-stream", CancellationToken.None);
        await using var read = await Storage.OpenReadAsync(key, CancellationToken.None);
        using var copy = new MemoryStream();
        await read!.CopyToAsync(copy);
        copy.ToArray().Should().Equal(bytes);
        await Storage.DeleteAsync(key, CancellationToken.None);
    }
}

public sealed class FileSystemDocumentStorageTests : DocumentStorageContract, IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), $"mak-storage-{Guid.NewGuid():N}");

    public FileSystemDocumentStorageTests() => Storage = new FileSystemDocumentStorage(_root);

    protected override IDocumentStorage Storage { get; }

    [Fact]
    public async Task A_key_that_would_leave_the_directory_is_refused()
    {
        await Storage.Invoking(s => s.OpenReadAsync("../etc/passwd", CancellationToken.None)).Should().ThrowAsync<ArgumentException>();
    }

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }
}

public sealed class S3DocumentStorageTests(S3rverFixture s3) : DocumentStorageContract, IClassFixture<S3rverFixture>, IDisposable
{
    private readonly S3DocumentStorage _storage = new(new S3StorageOptions
    {
        ServiceUrl = s3.Server.ServiceUrl, Bucket = S3rver.Bucket, AccessKey = S3rver.AccessKey, SecretKey = S3rver.SecretKey, KeyPrefix = "documents/",
    });

    protected override IDocumentStorage Storage => _storage;

    [Fact]
    public async Task Objects_are_kept_under_the_configured_prefix()
    {
        var key = $"{Guid.NewGuid():N}/{Guid.NewGuid():N}";
        await Storage.PutAsync(key, new MemoryStream([1, 2, 3]), 3, "application/octet-stream", CancellationToken.None);
        (await s3.Server.KeysAsync()).Should().Contain("documents/" + key);
        await Storage.DeleteAsync(key, CancellationToken.None);
        (await s3.Server.KeysAsync()).Should().NotContain("documents/" + key);
    }

    public void Dispose() => _storage.Dispose();
}
