using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Orders.Contracts;

namespace Orders.StateMachine.Checkout;

/// <summary>
/// A stable digest of what a checkout asked for (user and lines in the order given), kept with the
/// saga so a repeated requestId can be told apart from a different request reusing it.
/// </summary>
public static class CheckoutFingerprint
{
    public static string Of(SubmitCheckout request)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"{request.UserId}|{request.Email}");
        foreach (var line in request.Items)
            text.Append(CultureInfo.InvariantCulture, $"|{line.ProductId}x{line.Quantity}");
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }
}
