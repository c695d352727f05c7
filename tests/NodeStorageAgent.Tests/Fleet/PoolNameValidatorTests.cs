using NodeStorageAgent.Fleet;

namespace NodeStorageAgent.Tests.Fleet;

public class PoolNameValidatorTests
{
    [Theory]
    [InlineData("worker")]
    [InlineData("master")]
    [InlineData("ml-worker")]
    [InlineData("a")]
    [InlineData("0")]
    [InlineData("pool-2")]
    public void ValidateDnsLabelIsAccepted(string pool) => Assert.Null(PoolNameValidator.Validate(pool));

    [Theory]
    [InlineData("")]
    [InlineData("Worker")]
    [InlineData("-worker")]
    [InlineData("worker-")]
    [InlineData("ml_worker")]
    [InlineData("ml.worker")]
    [InlineData("worker pool")]
    [InlineData("wörker")]
    [InlineData("worker\n")]
    public void ValidateNotADnsLabelIsRejectedWithCode(string pool)
    {
        var diagnostic = PoolNameValidator.Validate(pool);

        Assert.NotNull(diagnostic);
        Assert.True(diagnostic.IsError);
        Assert.Equal("NSA1901", diagnostic.Code);
    }

    [Fact]
    public void ValidateLengthLimitIs63()
    {
        Assert.Null(PoolNameValidator.Validate(new string('a', 63)));
        Assert.NotNull(PoolNameValidator.Validate(new string('a', 64)));
    }
}
