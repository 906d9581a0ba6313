import { BadRequestException } from '@nestjs/common';
import { PlatformCodePipe } from './platform-code.pipe';

describe('PlatformCodePipe', () => {
  const pipe = new PlatformCodePipe();

  it('passes a code of the platform code form, known or not (the service answers 404 or 409)', () => {
    expect(pipe.transform('zhihu')).toBe('zhihu');
    expect(pipe.transform('wechat_channels')).toBe('wechat_channels');
  });

  it.each(['', 'Zhihu', 'a', '1abc', 'bad input', 'ab\u0000cd', '../../etc/passwd', "' OR '1'='1' --", 'x'.repeat(33)])(
    'refuses the malformed code %j with a 400 naming code, in Chinese',
    (code) => {
      let error: unknown;
      try {
        pipe.transform(code);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(BadRequestException);
      const body = (error as BadRequestException).getResponse() as { message: string; errors: Array<{ field: string }> };
      expect(body.message).toContain('平台代码');
      expect(body.errors.map((e) => e.field)).toEqual(['code']);
    },
  );
});
