import { findPersonalNumbers, isResidentId, luhnValid, maskDeep, maskPersonalNumbers } from './personal-numbers';

const ID = '610102199003071238';
const ID_X = '11010519491231002X';
const MOBILE = '13812345678';
const CARD = '6222021234567890128';

const kinds = (text: string) => findPersonalNumbers(text).map((n) => n.kind);

describe('personal numbers', () => {
  it('checks the GB 11643 check digit and the birth date', () => {
    expect(isResidentId(ID)).toBe(true);
    expect(isResidentId(ID_X)).toBe(true);
    expect(isResidentId(ID_X.toLowerCase())).toBe(true);
    expect(isResidentId('610102199003071237')).toBe(false); // wrong check digit
    expect(isResidentId('610102199002301234')).toBe(false); // 30 February
  });

  it('checks Luhn', () => {
    expect(luhnValid('4111111111111111')).toBe(true);
    expect(luhnValid('4111111111111112')).toBe(false);
  });

  it('finds resident IDs, mobiles and bank cards in running text', () => {
    expect(kinds(`联系人张三,身份证${ID},电话${MOBILE},卡号${CARD}。`)).toEqual(['resident_id', 'mobile', 'bank_card']);
    expect(kinds(`身份证号:${ID_X}。`)).toEqual(['resident_id']);
    expect(kinds('手机 138 1234 5678 或 138-1234-5678')).toEqual(['mobile', 'mobile']);
    expect(kinds('卡号 6222 0212 3456 7890 128')).toEqual(['bank_card']);
    expect(kinds(`时间2023-09-30 ${MOBILE}`)).toEqual(['mobile']);
  });

  it('does not take numbers inside longer digit runs, words, decimals or masked forms', () => {
    expect(kinds(`编号9${MOBILE}`)).toEqual([]);
    expect(kinds(`${MOBILE}0`)).toEqual([]);
    expect(kinds(`订单A${MOBILE}`)).toEqual([]);
    expect(kinds(`${ID}1`)).not.toContain('resident_id');
    expect(kinds(`圆周率3.${MOBILE}`)).toEqual([]);
    expect(kinds('身份证 6101********1238,手机 138****5678')).toEqual([]);
    expect(kinds(`身份证 ${ID.slice(0, 6)}********${ID.slice(14)}`)).toEqual([]);
  });

  it('does not take landlines, short numbers, wrong check digits or non-Luhn cards', () => {
    expect(kinds('咨询电话 0571-88886666、(029)87654321、12345')).toEqual([]);
    expect(kinds('电话 12812345678')).toEqual([]); // 12x is no mobile prefix
    expect(kinds('身份证 610102199003071237')).toEqual([]);
    expect(kinds('卡号 6222021234567890127')).toEqual([]);
    expect(kinds('1111111111111111')).toEqual([]);
  });

  it('masks keeping only the ends, at the same length and offsets', () => {
    const text = `身份证${ID} 手机${MOBILE} 卡${CARD}`;
    const masked = maskPersonalNumbers(text);
    expect(masked).toBe('身份证6101**********1238 手机138****5678 卡6222***********0128');
    expect(masked).toHaveLength(text.length);
    expect(findPersonalNumbers(masked)).toEqual([]);
    expect(maskPersonalNumbers('手机 138 1234 5678')).toBe('手机 138 **** 5678');
  });

  it('masks every string of a nested value', () => {
    const value = maskDeep({ a: [`电话${MOBILE}`], b: { c: ID }, n: 1, z: null });
    expect(JSON.stringify(value)).not.toContain(MOBILE);
    expect(JSON.stringify(value)).not.toContain(ID);
    expect(value).toMatchObject({ n: 1, z: null });
  });
});
