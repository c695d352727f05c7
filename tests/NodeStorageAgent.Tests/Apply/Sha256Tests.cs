using System.Text;
using NodeStorageAgent.Apply;

namespace NodeStorageAgent.Tests.Apply;

public sealed class Sha256Tests
{
    [Theory]
    // FIPS 180-4 examples (NIST CSRC "SHA256.pdf"): one block, two blocks, and the empty message.
    [InlineData("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")]
    [InlineData("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")]
    [InlineData("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")]
    public void KnownAnswers(string message, string hex) =>
        Assert.Equal(hex, Convert.ToHexStringLower(Sha256.Hash(Encoding.ASCII.GetBytes(message))));

    [Fact]
    public void MatchesThePlatformForEveryLengthAroundTheBlockBoundaries_InAnyChunking()
    {
        var random = new Random(20261201);
        for (var length = 0; length <= 300; length++)
        {
            var data = new byte[length];
            random.NextBytes(data);
            var expected = System.Security.Cryptography.SHA256.HashData(data);

            Assert.Equal(expected, Sha256.Hash(data));
            var chunked = new Sha256();
            for (var offset = 0; offset < length;)
            {
                var take = Math.Min(random.Next(1, 70), length - offset);
                chunked.Append(data.AsSpan(offset, take));
                offset += take;
            }

            Assert.Equal(expected, chunked.Finish());
        }
    }

    [Fact]
    public void AMillionAs() =>
        Assert.Equal("cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0",
            Convert.ToHexStringLower(Sha256.Hash(Enumerable.Repeat((byte)'a', 1_000_000).ToArray())));
}
