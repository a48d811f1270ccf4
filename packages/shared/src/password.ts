/** Password policy (口令复杂度): what a new password must satisfy. */
export const PASSWORD_POLICY = {
  minLength: 8,
  maxLength: 64,
  minClasses: 3, // of: lower case, upper case, digits, symbols
} as const;

/** Chinese messages for each rule a password breaks; empty when it is acceptable. */
export function passwordProblems(password: string, username?: string): string[] {
  const problems: string[] = [];
  if (password.length < PASSWORD_POLICY.minLength) problems.push(`密码长度不能少于 ${PASSWORD_POLICY.minLength} 位`);
  if (password.length > PASSWORD_POLICY.maxLength) problems.push(`密码长度不能超过 ${PASSWORD_POLICY.maxLength} 位`);
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((re) => re.test(password)).length;
  if (classes < PASSWORD_POLICY.minClasses) {
    problems.push('密码须包含大写字母、小写字母、数字、符号中的至少三类');
  }
  if (username && username.length >= 3 && password.toLowerCase().includes(username.toLowerCase())) {
    problems.push('密码不能包含用户名');
  }
  return problems;
}
