/* Does nothing: the boot plugin measures how long the VM takes to reach it. */
int main(void) {
  return 0;
}
