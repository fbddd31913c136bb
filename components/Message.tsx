/** A one-line outcome under a form: a status when it worked, an alert (read out at once) when it did not. */
export interface MessageState {
  ok: boolean;
  text: string;
}

export function Message({ message, testId }: { message: MessageState | null; testId?: string }) {
  if (!message) return null;
  return (
    <p
      class={message.ok ? 'msg ok' : 'msg error'}
      role={message.ok ? 'status' : 'alert'}
      data-testid={testId}
    >
      {message.text}
    </p>
  );
}
