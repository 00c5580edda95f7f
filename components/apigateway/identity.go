package apigateway

import (
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/cognito"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/webplatform-dev/webplatform/internal/protect"
)

// identity sets the JWT issuer and audiences: the external issuer from
// the settings, or a Cognito user pool and app client created here.
func (b *builder) identity() error {
	empty := pulumi.String("").ToStringOutput()
	if b.s.Issuer != "" {
		b.api.UserPoolId, b.api.UserPoolClientId, b.api.UserPoolArn = empty, empty, empty
		b.issuer, b.audiences = pulumi.String(b.s.Issuer).ToStringOutput(), pulumi.ToStringArray(b.s.Audiences)
		return nil
	}
	a := b.s
	tier := "ESSENTIALS"
	if a.AdvancedSecurity != "OFF" {
		tier = "PLUS" // threat protection (advanced security) needs the PLUS plan
	}
	deletion := "ACTIVE"
	if a.AllowUserPoolDeletion {
		deletion = "INACTIVE"
	}
	pool, err := cognito.NewUserPool(b.ctx, b.name+"-users", &cognito.UserPoolArgs{
		Name:                   pulumi.String(a.NamePrefix + "-users"),
		UserPoolTier:           pulumi.String(tier),
		DeletionProtection:     pulumi.String(deletion),
		UsernameAttributes:     pulumi.StringArray{pulumi.String("email")},
		AutoVerifiedAttributes: pulumi.StringArray{pulumi.String("email")},
		MfaConfiguration:       pulumi.String(a.MFA),
		SoftwareTokenMfaConfiguration: func() cognito.UserPoolSoftwareTokenMfaConfigurationPtrInput {
			if a.MFA == "OFF" {
				return nil
			}
			return cognito.UserPoolSoftwareTokenMfaConfigurationArgs{Enabled: pulumi.Bool(true)}
		}(),
		PasswordPolicy: cognito.UserPoolPasswordPolicyArgs{
			MinimumLength:                 pulumi.Int(a.PasswordMinLength),
			RequireLowercase:              pulumi.Bool(true),
			RequireUppercase:              pulumi.Bool(true),
			RequireNumbers:                pulumi.Bool(true),
			RequireSymbols:                pulumi.Bool(true),
			TemporaryPasswordValidityDays: pulumi.Int(3),
			PasswordHistorySize:           pulumi.Int(5),
		},
		UserPoolAddOns: cognito.UserPoolUserPoolAddOnsArgs{AdvancedSecurityMode: pulumi.String(a.AdvancedSecurity)},
		AccountRecoverySetting: cognito.UserPoolAccountRecoverySettingArgs{
			RecoveryMechanisms: cognito.UserPoolAccountRecoverySettingRecoveryMechanismArray{
				cognito.UserPoolAccountRecoverySettingRecoveryMechanismArgs{Name: pulumi.String("verified_email"), Priority: pulumi.Int(1)},
			},
		},
		AdminCreateUserConfig: cognito.UserPoolAdminCreateUserConfigArgs{AllowAdminCreateUserOnly: pulumi.Bool(true)},
		Tags:                  b.named(b.name + "-users"),
	}, protect.If(a.ProtectUserPool, b.parent)...)
	if err != nil {
		return fmt.Errorf("user pool: %w", err)
	}
	client, err := cognito.NewUserPoolClient(b.ctx, b.name+"-client", &cognito.UserPoolClientArgs{
		Name:                       pulumi.String(a.NamePrefix + "-client"),
		UserPoolId:                 pool.ID(),
		GenerateSecret:             pulumi.Bool(false),
		ExplicitAuthFlows:          pulumi.ToStringArray([]string{"ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"}),
		PreventUserExistenceErrors: pulumi.String("ENABLED"),
		EnableTokenRevocation:      pulumi.Bool(true),
		AccessTokenValidity:        pulumi.Int(60),
		IdTokenValidity:            pulumi.Int(60),
		RefreshTokenValidity:       pulumi.Int(30),
		TokenValidityUnits: cognito.UserPoolClientTokenValidityUnitsArgs{
			AccessToken: pulumi.String("minutes"), IdToken: pulumi.String("minutes"), RefreshToken: pulumi.String("days"),
		},
	}, b.parent)
	if err != nil {
		return fmt.Errorf("user pool client: %w", err)
	}
	b.api.UserPoolId = pool.ID().ToStringOutput()
	b.api.UserPoolClientId = client.ID().ToStringOutput()
	b.api.UserPoolArn = pool.Arn
	b.issuer = pulumi.Sprintf("https://%s", pool.Endpoint)
	b.audiences = pulumi.StringArray{client.ID()}
	return nil
}
