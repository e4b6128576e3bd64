using System.Net;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using MakCrm.Application.Abstractions.Storage;

namespace MakCrm.Infrastructure.Documents;

/// <summary>
/// Documents as objects of one bucket of an S3-compatible store (AWS, MinIO, Yandex Object Storage, …), addressed
/// path-style. Payloads go with a plain <c>Content-Length</c> and no flexible checksums unless an operation needs them
/// (<c>WHEN_REQUIRED</c>): the SDK's default streaming (aws-chunked) uploads are not understood by every S3 clone.
/// </summary>
public sealed class S3DocumentStorage : IDocumentStorage, IDisposable
{
    private readonly AmazonS3Client client;
    private readonly S3StorageOptions options;

    public S3DocumentStorage(S3StorageOptions options)
    {
        this.options = options;
        var config = new AmazonS3Config
        {
            ServiceURL = options.ServiceUrl,
            ForcePathStyle = true,
            AuthenticationRegion = options.Region,
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
        };
        client = new AmazonS3Client(new BasicAWSCredentials(options.AccessKey, options.SecretKey), config);
    }

    public async Task PutAsync(
        string key,
        Stream content,
        long length,
        string contentType,
        CancellationToken cancellationToken
    )
    {
        var request = new PutObjectRequest
        {
            BucketName = options.Bucket,
            Key = options.KeyPrefix + key,
            InputStream = content,
            AutoCloseStream = false,
            ContentType = contentType,
            UseChunkEncoding = false,
        };
        request.Headers.ContentLength = length;
        await client.PutObjectAsync(request, cancellationToken);
    }

    public async Task<Stream?> OpenReadAsync(string key, CancellationToken cancellationToken)
    {
        try
        {
            var response = await client.GetObjectAsync(options.Bucket, options.KeyPrefix + key, cancellationToken);
            return response.ResponseStream;
        }
        catch (AmazonS3Exception ex) when (ex.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    public async Task DeleteAsync(string key, CancellationToken cancellationToken) =>
        await client.DeleteObjectAsync(options.Bucket, options.KeyPrefix + key, cancellationToken);

    public void Dispose() => client.Dispose();
}
