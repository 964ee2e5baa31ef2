import { wellFormedXmlProblems } from '../../src/documents/well-formed-xml';

describe('wellFormedXmlProblems', () => {
  it('finds what makes markup not XML', () => {
    expect(wellFormedXmlProblems('<a x="1"><b/>t &amp; &#233;</a>')).toEqual([]);
    expect(wellFormedXmlProblems('<a>\u0001</a>')).toHaveLength(1);
    expect(wellFormedXmlProblems('<a>&</a>')).toHaveLength(1);
    expect(wellFormedXmlProblems('<a x="<"/>')).toHaveLength(1);
    expect(wellFormedXmlProblems('<a x="1" x="2"/>')).toHaveLength(1);
    expect(wellFormedXmlProblems('<a><b></a></b>').length).toBeGreaterThan(0);
    expect(wellFormedXmlProblems('<a x=1/>').length).toBeGreaterThan(0);
    expect(wellFormedXmlProblems('<a/><b/>')).toHaveLength(1);
  });
});
