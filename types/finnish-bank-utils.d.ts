// finnish-bank-utils ships no types; these are the functions the project uses.
declare module 'finnish-bank-utils' {
  const FinnishBankUtils: {
    isValidFinnishIBAN(iban: string): boolean;
    isValidFinnishRefNumber(reference: string): boolean;
    formatFinnishIBAN(iban: string): string;
    formatFinnishRefNumber(reference: string): string;
    generateFinnishIBAN(): string;
    generateFinnishRefNumber(): string;
  };
  export default FinnishBankUtils;
}
