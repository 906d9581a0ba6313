import { registerDecorator, ValidationOptions } from 'class-validator';

/**
 * The password policy (SECURITY.md): at least 8 characters and at least three of the four
 * character classes — lower-case letters, upper-case letters, digits, other characters —
 * and not containing the username. Pure: used by the DTOs, the users service and the config.
 */
export const PASSWORD_MIN_LENGTH = 8;
export const PASSWORD_MAX_LENGTH = 128;
export const PASSWORD_POLICY_MESSAGE = `密码强度不足：至少 ${PASSWORD_MIN_LENGTH} 位，且须包含大写字母、小写字母、数字、符号中的至少三类`;

/** The Chinese reason a password is refused, or null when it meets the policy. */
export function passwordProblem(password: unknown, username?: string): string | null {
  if (typeof password !== 'string' || password.length < PASSWORD_MIN_LENGTH || password.length > PASSWORD_MAX_LENGTH) return PASSWORD_POLICY_MESSAGE;
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((re) => re.test(password)).length;
  if (classes < 3) return PASSWORD_POLICY_MESSAGE;
  if (username && username.length >= 3 && password.toLowerCase().includes(username.toLowerCase())) return '密码不能包含用户名';
  return null;
}

/** class-validator decorator for the policy (without the username rule, which needs the record). */
export function StrongPassword(options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'strongPassword',
      target: target.constructor,
      propertyName: propertyName as string,
      options: { message: PASSWORD_POLICY_MESSAGE, ...options },
      validator: { validate: (value: unknown) => passwordProblem(value) === null },
    });
}
